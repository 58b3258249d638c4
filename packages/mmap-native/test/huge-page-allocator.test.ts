import { readFileSync } from 'node:fs'
import { AllocationError, InvalidArgumentError, tableFromArrays, type Allocator } from '@lightstream/core'
import { tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { DEFAULT_HUGE_PAGE_MIN_BYTES, hugePageAllocator } from '@lightstream/mmap-native'
import { afterEach, describe, expect, it, vi } from 'vitest'

const MiB = 1024 * 1024

/** What this machine's kernel says about transparent huge pages: the bracketed mode, or undefined. */
function thpMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1'))?.[1]
  } catch {
    return undefined
  }
}
const expectActive = process.platform === 'linux' && (thpMode() === 'always' || thpMode() === 'madvise')

/** A fallback that records what it was asked for and allocates plainly. */
function recordingFallback(): Allocator & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    alloc(n, alignment = 64) {
      calls.push(`alloc ${n} ${alignment}`)
      return new Uint8Array(n)
    },
    allocUnsafe(n, alignment = 64) {
      calls.push(`allocUnsafe ${n} ${alignment}`)
      return new Uint8Array(n)
    },
  }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('hugePageAllocator on this machine', () => {
  it(`is active exactly when the kernel offers transparent huge pages (here: ${thpMode() ?? 'none'})`, () => {
    const { status, minByteLength } = hugePageAllocator()
    expect(minByteLength).toBe(DEFAULT_HUGE_PAGE_MIN_BYTES)
    expect(status.active).toBe(expectActive)
    if (expectActive) expect(status.reason).toBeUndefined()
    else expect(status.reason).toMatch(/huge pages|addon/)
  })

  it.skipIf(!expectActive)('gives large allocations their own zeroed, writable buffer at offset 0', () => {
    const fallback = recordingFallback()
    const allocator = hugePageAllocator({ minByteLength: 4 * MiB, fallback })
    for (const [n, unsafe] of [[4 * MiB, false], [5 * MiB + 12345, true], [4 * MiB, true]] as const) {
      const bytes = unsafe ? allocator.allocUnsafe(n, 4096) : allocator.alloc(n, 64)
      expect(bytes).toBeInstanceOf(Uint8Array)
      expect(bytes.byteOffset).toBe(0)
      expect(bytes.byteLength).toBe(n)
      expect(bytes.buffer.byteLength).toBe(n)
      let nonZero = 0
      for (let i = 0; i < n; i++) nonZero |= bytes[i]!
      expect(nonZero).toBe(0)
      bytes[0] = 1
      bytes[n - 1] = 255
      new Float64Array(bytes.buffer, 8, 1)[0] = 2.5
      expect([bytes[0], bytes[n - 1], new Float64Array(bytes.buffer, 8, 1)[0]]).toEqual([1, 255, 2.5])
    }
    expect(fallback.calls).toEqual([])
  })

  it('sends allocations below minByteLength to the fallback, with their alignment', () => {
    const fallback = recordingFallback()
    const allocator = hugePageAllocator({ minByteLength: 4 * MiB, fallback })
    expect(allocator.alloc(4 * MiB - 1, 128).byteLength).toBe(4 * MiB - 1)
    expect(allocator.allocUnsafe(100).byteLength).toBe(100)
    expect(allocator.alloc(0).byteLength).toBe(0)
    expect(fallback.calls).toEqual([`alloc ${4 * MiB - 1} 128`, 'allocUnsafe 100 64', 'alloc 0 64'])
  })

  it.skipIf(!expectActive)('faults a large buffer in 2 MiB pages, not 4 KiB ones', () => {
    const allocator = hugePageAllocator()
    const n = 64 * MiB
    const before = process.resourceUsage().minorPageFault
    const bytes = allocator.allocUnsafe(n)
    for (let i = 0; i < n; i += 4096) bytes[i] = 1
    const faults = process.resourceUsage().minorPageFault - before
    // 16,384 faults in 4 KiB pages; 32 in 2 MiB pages (plus the odd fault elsewhere in the process).
    expect(faults).toBeLessThan(n / 4096 / 8)
  })

  it.skipIf(!expectActive)('frees each buffer once it is collected: 2.5 GiB allocated in a loop stays far below that resident', () => {
    const allocator = hugePageAllocator()
    const n = 64 * MiB
    const rss0 = process.memoryUsage().rss
    let peak = rss0
    let sum = 0
    for (let round = 0; round < 40; round++) {
      const bytes = allocator.allocUnsafe(n)
      for (let i = 0; i < n; i += 4096) bytes[i] = round & 255
      sum += bytes[n - 4096]!
      peak = Math.max(peak, process.memoryUsage().rss)
    }
    expect(sum).toBe((39 * 40) / 2)
    // The collector sees each buffer as 64 MiB of external memory and frees dead ones; without the
    // munmap in the backing store's deleter the process would hold all 2.5 GiB.
    expect(peak - rss0).toBeLessThan(1024 * MiB)
  })

  it.skipIf(!expectActive)('moves with a transfer like any ArrayBuffer', () => {
    const bytes = hugePageAllocator({ minByteLength: 2 * MiB }).allocUnsafe(3 * MiB)
    bytes[12345] = 42
    const moved = structuredClone(bytes.buffer, { transfer: [bytes.buffer] })
    expect(bytes.byteLength).toBe(0)
    expect(moved.byteLength).toBe(3 * MiB)
    expect(new Uint8Array(moved)[12345]).toBe(42)
  })

  it('writes the same IPC bytes through tableToIPC as the default allocator, and they read back', () => {
    const x = new Float64Array(600_000).map((_, i) => i * 0.5)
    const id = new Int32Array(600_000).map((_, i) => i)
    const table = tableFromArrays({ x, id })
    const allocator = hugePageAllocator({ minByteLength: 2 * MiB })
    const bytes = tableToIPC(table, { allocator })
    expect(bytes.byteLength).toBeGreaterThan(7_000_000)
    if (expectActive) expect(bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength).toBe(true)
    expect(bytes).toEqual(tableToIPC(table))
    const back = tableFromIPC(bytes)
    expect(back.getChild('x')!.get(599_999)).toBe(299_999.5)
    expect(back.getChild('id')!.get(123_456)).toBe(123_456)
  })
})

describe('hugePageAllocator errors', () => {
  it('rejects a minByteLength below 2 MiB or not an integer (InvalidArgumentError)', () => {
    for (const bad of [0, MiB, 2 * MiB - 1, 3.5 * MiB + 0.5, Number.NaN]) {
      expect(() => hugePageAllocator({ minByteLength: bad })).toThrow(InvalidArgumentError)
    }
  })

  it('rejects bad lengths and alignments with InvalidArgumentError (ERR_INVALID_ARGUMENT), large or small', () => {
    const allocator = hugePageAllocator({ minByteLength: 2 * MiB })
    expect(() => allocator.alloc(-1)).toThrow(InvalidArgumentError)
    expect(() => allocator.allocUnsafe(1.5)).toThrow(InvalidArgumentError)
    expect(() => allocator.alloc(3 * MiB, 3)).toThrow(InvalidArgumentError)
    expect(() => allocator.allocUnsafe(10, 8192)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
  })

  it.skipIf(!expectActive)('reports a length no ArrayBuffer can hold as AllocationError, without touching the fallback', () => {
    const fallback = recordingFallback()
    const allocator = hugePageAllocator({ fallback })
    let caught: unknown
    try {
      allocator.allocUnsafe(2 ** 40)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AllocationError)
    expect((caught as AllocationError).code).toBe('ERR_ALLOCATION')
    expect(String((caught as Error).cause)).toMatch(/more than an ArrayBuffer can hold/)
    expect(fallback.calls).toEqual([])
  })

  it('without the addon: inactive with the reason, and every allocation goes to the fallback', async () => {
    vi.stubEnv('LIGHTSTREAM_MMAP_DISABLE', '1')
    vi.resetModules()
    const mod = (await import('@lightstream/mmap-native')) as typeof import('@lightstream/mmap-native')
    const fallback = recordingFallback()
    const allocator = mod.hugePageAllocator({ minByteLength: 2 * MiB, fallback })
    expect(allocator.status.active).toBe(false)
    if (process.platform === 'linux' && expectActive) expect(allocator.status.reason).toBe('the native addon is not loaded: disabled by LIGHTSTREAM_MMAP_DISABLE=1')
    expect(allocator.allocUnsafe(3 * MiB).byteLength).toBe(3 * MiB)
    expect(fallback.calls).toEqual([`allocUnsafe ${3 * MiB} 64`])
  })
})
