import { readFileSync } from 'node:fs'
import { AllocationError, InvalidArgumentError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, allocUnsafe, checkAlignment, checkByteLength, defaultAllocator } from '@lightstream/core-buffer'
import { loadAddon } from './load-addon'

/**
 * Default {@link HugePageAllocatorOptions.minByteLength}: 32 MiB. Below it glibc's malloc recycles freed
 * memory that is already faulted in (its mmap threshold adapts up to 32 MiB on 64-bit systems), so the
 * default allocator is as fast; from it up every default allocation is a fresh mapping that faults one 4 KiB
 * page at a time, and huge pages win (measured: 2.4× on a 35 MB IPC encode).
 */
export const DEFAULT_HUGE_PAGE_MIN_BYTES = 32 * 1024 * 1024

/** Options of {@link hugePageAllocator}. */
export interface HugePageAllocatorOptions {
  /** Allocations of at least this many bytes get huge-page memory; smaller ones the default allocator's. Default 32 MiB, at least 2 MiB. */
  readonly minByteLength?: number
  /** Allocator for the smaller allocations and for every allocation while huge pages are unavailable. Default: core-buffer's. */
  readonly fallback?: Allocator
}

/** Why huge pages are, or are not, used in this process. */
export interface HugePageStatus {
  /** True when large allocations get huge-page memory. */
  readonly active: boolean
  /** Why not (absent when active). */
  readonly reason?: string
}

/** An {@link Allocator} whose large allocations are fresh huge-page mappings; see {@link hugePageAllocator}. */
export interface HugePageAllocator extends Allocator {
  /** Whether large allocations get huge pages in this process, and if not, why. */
  readonly status: HugePageStatus
  /** The size from which allocations get huge-page memory. */
  readonly minByteLength: number
  alloc(byteLength: number, alignment?: number): Uint8Array
  allocUnsafe(byteLength: number, alignment?: number): Uint8Array
}

/** The 2 MiB huge (PMD) page on x86-64 and arm64 with 4 KiB pages; smaller allocations cannot use one. */
const HUGE_PAGE = 2 * 1024 * 1024
const THP_ENABLED = '/sys/kernel/mm/transparent_hugepage/enabled'

let cachedStatus: HugePageStatus | undefined

function probeStatus(): HugePageStatus {
  if (process.platform !== 'linux') return { active: false, reason: `transparent huge pages are Linux only (this is ${process.platform})` }
  let mode: string
  try {
    mode = /\[(\w+)\]/.exec(readFileSync(THP_ENABLED, 'latin1'))?.[1] ?? 'unknown'
  } catch {
    return { active: false, reason: `the kernel has no transparent huge pages (${THP_ENABLED} is missing)` }
  }
  if (mode !== 'always' && mode !== 'madvise') return { active: false, reason: `transparent huge pages are set to '${mode}'` }
  const { status, binding } = loadAddon()
  if (binding === undefined) return { active: false, reason: `the native addon is not loaded: ${status.reason ?? 'unknown reason'}` }
  if (typeof binding.allocPages !== 'function') return { active: false, reason: 'the native addon predates huge-page allocation: rebuild it' }
  if (!binding.uncounted) {
    return { active: false, reason: `the native addon was built for Node ${binding.builtForNodeMajor}, this is Node ${process.versions.node}: rebuild it` }
  }
  return { active: true }
}

/**
 * An {@link Allocator} for large outputs (a contiguous `tableToIPC`, concatenated columns): allocations of
 * `minByteLength` (32 MiB) or more are fresh anonymous mappings aligned to 2 MiB and advised
 * `MADV_HUGEPAGE`, so they fault in 2 MiB pages instead of 4 KiB ones: about 500 page faults for a 35 MB
 * buffer instead of 8,700. The memory is zeroed by the kernel (so `alloc` and `allocUnsafe` are the same),
 * starts at offset 0 of its own ArrayBuffer (every alignment holds), is counted by V8 like any ArrayBuffer
 * and unmapped as soon as the collector frees the buffer. Transfers (`postMessage`, `structuredClone`)
 * move it like any ArrayBuffer.
 *
 * Huge pages need Linux with transparent huge pages set to `always` or `madvise`, and the native addon
 * built for the running Node major version. Anywhere else every allocation goes to `fallback` and
 * `status` says why. Smaller allocations always do.
 *
 * Each huge page is zeroed whole by the kernel, so a buffer costs up to 2 MiB more resident memory than its
 * length rounds to, and a kernel short of free 2 MiB blocks may compact memory on the first faults.
 *
 * @throws InvalidArgumentError `minByteLength` is not an integer of at least 2 MiB.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { tableToIPC } from '@lightstream/ipc'
 * import { hugePageAllocator } from '@lightstream/mmap-native'
 *
 * const allocator = hugePageAllocator()
 * const table = tableFromArrays({ x: new Float64Array(5_000_000).fill(1.5) })
 * const bytes = tableToIPC(table, { allocator })   // 40 MB in huge pages where the machine has them
 * console.log(bytes.byteLength, allocator.status.active)
 * ```
 */
export function hugePageAllocator(options: HugePageAllocatorOptions = {}): HugePageAllocator {
  const minByteLength = options.minByteLength ?? DEFAULT_HUGE_PAGE_MIN_BYTES
  if (!Number.isSafeInteger(minByteLength) || minByteLength < HUGE_PAGE) {
    throw new InvalidArgumentError(`minByteLength must be an integer of at least ${HUGE_PAGE} (2 MiB), got ${minByteLength}`)
  }
  const fallback = options.fallback ?? defaultAllocator
  cachedStatus ??= probeStatus()
  const status = cachedStatus
  const allocPages = status.active ? loadAddon().binding!.allocPages! : undefined

  /** Huge-page memory for `byteLength`, or undefined when this allocation goes to the fallback. */
  const pages = (byteLength: number, alignment: number): Uint8Array | undefined => {
    checkAlignment(alignment)
    checkByteLength(byteLength)
    if (allocPages === undefined || byteLength < minByteLength) return undefined
    let buffer: ArrayBuffer | null
    try {
      buffer = allocPages(byteLength)
    } catch (cause) {
      throw new AllocationError(`could not map ${byteLength} bytes of huge-page memory`, { cause })
    }
    return buffer === null ? undefined : new Uint8Array(buffer)
  }

  return {
    status,
    minByteLength,
    alloc(byteLength, alignment = DEFAULT_ALIGNMENT) {
      return pages(byteLength, alignment) ?? fallback.alloc(byteLength, alignment)
    },
    allocUnsafe(byteLength, alignment = DEFAULT_ALIGNMENT) {
      return pages(byteLength, alignment) ?? allocUnsafe(fallback, byteLength, alignment)
    },
  }
}
