import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * The native module's functions (native/lightstream_mmap.c). Offsets and lengths are byte counts below 2^53.
 * @internal
 */
export interface NativeBinding {
  readonly pageSize: number
  /** Whether `map(..., true)` makes uncounted buffers on this Node (the major version the addon was built for). */
  readonly uncounted: boolean
  /** The Node major version the addon was compiled against. */
  readonly builtForNodeMajor: number
  /**
   * Map `[offset, offset + length)` of `fd`; `offset` a multiple of the page size. With `uncounted`, the
   * buffer is one V8 leaves out of its external-memory count when this Node allows it (the third element
   * says whether it did); such a mapping is unmapped by `unmap` or `release`, never by the collector.
   */
  map(fd: number, offset: number, length: number, writable: boolean, uncounted?: boolean): [ArrayBuffer, NativeHandle, boolean]
  /** Detach `buffer`, then unmap. Idempotent. False when an uncounted mapping is still referenced (call `release` later). */
  unmap(handle: NativeHandle, buffer: ArrayBuffer): boolean
  /** Unmap an uncounted mapping nothing refers to any more; true once unmapped (always for counted ones). */
  release(handle: NativeHandle): boolean
  /** madvise on a subrange: 0 normal, 1 sequential, 2 random, 3 willneed. */
  advise(handle: NativeHandle, offset: number, length: number, advice: number): void
  /** msync(MS_SYNC) on a subrange of a writable mapping. */
  sync(handle: NativeHandle, offset: number, length: number): void
  /** fstat's size. */
  fileSize(fd: number): number
  /**
   * `length` bytes of fresh zeroed anonymous memory, 2 MiB aligned and advised MADV_HUGEPAGE from 2 MiB up,
   * counted by V8 and unmapped when the buffer is freed; null on a Node major version other than the one
   * built for. Absent in addons built before it existed.
   */
  allocPages?(length: number): ArrayBuffer | null
}

/** An opaque native mapping record. @internal */
export interface NativeHandle {
  readonly __nativeMapping: unique symbol
}

/** Whether the addon loaded, and if not, why. */
export interface AddonStatus {
  /** True when memory mapping is available in this process. */
  readonly loaded: boolean
  /** Where the addon was looked for. */
  readonly path: string
  /** Why it did not load (absent when it did). */
  readonly reason?: string
  /**
   * When loaded: whether mappings are left out of V8's external-memory count (true on the Node major version
   * the addon was built for; elsewhere mappings are ordinary counted buffers until it is rebuilt).
   */
  readonly uncountedMappings?: boolean
}

interface LoadedAddon {
  readonly status: AddonStatus
  readonly binding: NativeBinding | undefined
}

const FUNCTIONS = ['map', 'unmap', 'release', 'advise', 'sync', 'fileSize'] as const

let loaded: LoadedAddon | undefined

function defaultAddonPath(): string {
  // Both src/ (tests) and dist/ (the built package) sit one level below the package root, beside build/.
  return fileURLToPath(new URL('../build/Release/lightstream_mmap.node', import.meta.url))
}

function describeLoadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'MODULE_NOT_FOUND' || code === 'ENOENT') return 'the addon is not built'
  const message = error instanceof Error ? error.message : String(error)
  return `it failed to load: ${message.split('\n')[0]!.slice(0, 200)}`
}

function load(): LoadedAddon {
  const path = process.env.LIGHTSTREAM_MMAP_ADDON ?? defaultAddonPath()
  if (process.env.LIGHTSTREAM_MMAP_DISABLE === '1') {
    return { status: { loaded: false, path, reason: 'disabled by LIGHTSTREAM_MMAP_DISABLE=1' }, binding: undefined }
  }
  if (process.platform === 'win32') {
    return { status: { loaded: false, path, reason: 'memory maps are implemented for Linux and macOS only' }, binding: undefined }
  }
  let binding: NativeBinding
  try {
    binding = createRequire(import.meta.url)(path) as NativeBinding
  } catch (error) {
    return { status: { loaded: false, path, reason: describeLoadError(error) }, binding: undefined }
  }
  const missing = FUNCTIONS.filter((name) => typeof binding[name] !== 'function')
  if (missing.length > 0 || !Number.isSafeInteger(binding.pageSize) || binding.pageSize <= 0) {
    return { status: { loaded: false, path, reason: `${path} is not this package's addon (missing ${missing.join(', ') || 'pageSize'})` }, binding: undefined }
  }
  return { status: { loaded: true, path, uncountedMappings: binding.uncounted === true }, binding }
}

/**
 * The native binding, loaded once per process (from `build/Release/lightstream_mmap.node`, or the path in
 * `LIGHTSTREAM_MMAP_ADDON`; `LIGHTSTREAM_MMAP_DISABLE=1` pretends it is absent). Never throws.
 * @internal
 */
export function loadAddon(): LoadedAddon {
  loaded ??= load()
  return loaded
}

/**
 * Whether memory mapping is available in this process, and if not, why. Loads the addon on first call (a
 * `require` of a small shared library); never throws.
 *
 * @example
 * ```ts
 * const status = addonStatus()
 * if (!status.loaded) console.log(`file reads only: ${status.reason}`)
 * ```
 */
export function addonStatus(): AddonStatus {
  return loadAddon().status
}

let warned = false

/**
 * Report, once per process, that mapping fell back to file reads. `log` false: silent; a function: called
 * with the line (every time, the caller decides); true/undefined: `console.warn` the first time only.
 * @internal
 */
export function reportFallback(reason: string, log: boolean | ((message: string) => void) | undefined): void {
  if (log === false) return
  const line = `@lightstream/mmap-native: native addon not loaded (${reason}); falling back to file reads`
  if (typeof log === 'function') {
    log(line)
    return
  }
  if (warned) return
  warned = true
  console.warn(line)
}
