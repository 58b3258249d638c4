import { AllocationError, ErrorCode, InvalidArgumentError, OutOfRangeError } from '@lightstream/core'
import { ArenaAllocator, ArenaBacking, DEFAULT_ARENA_MAX_BYTE_LENGTH, type ArenaGrowEvent } from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

// The behaviour every backing shares, run against each of them for real.
const backings = [
  { name: 'resizable ArrayBuffer', backing: ArenaBacking.ArrayBuffer, make: (max = 1 << 22) => new ArenaAllocator({ initialByteLength: 4096, maxByteLength: max }) },
  { name: 'growable SharedArrayBuffer', backing: ArenaBacking.SharedArrayBuffer, make: (max = 1 << 22) => new ArenaAllocator({ shared: true, initialByteLength: 4096, maxByteLength: max }) },
  { name: 'WebAssembly.Memory', backing: ArenaBacking.WasmMemory, make: (max = 1 << 22) => new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }), maxByteLength: max }) },
  { name: 'shared WebAssembly.Memory', backing: ArenaBacking.WasmMemory, make: (max = 1 << 22) => new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true }), maxByteLength: max }) },
]

const request = fc.record({ length: fc.integer({ min: 0, max: 3000 }), shift: fc.integer({ min: 0, max: 12 }) })

describe.each(backings)('ArenaAllocator over a $name', ({ backing, make }) => {
  it('reports its backing, limits and an empty bump pointer', () => {
    const arena = make()
    expect(arena.backing).toBe(backing)
    expect(arena.maxByteLength).toBe(1 << 22)
    expect(arena.byteLength).toBe(0)
    expect(arena.capacity).toBeGreaterThanOrEqual(4096)
    expect(arena.generation).toBe(0)
  })

  it('hands out zeroed, aligned, disjoint allocations in one memory', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 30 }), (requests) => {
        const arena = make()
        let previousEnd = 0
        const views = requests.map(({ length, shift }) => {
          const view = arena.alloc(length, 2 ** shift)
          const offset = arena.offsetOf(view)
          expect(view.byteLength).toBe(length)
          expect(offset % 2 ** shift).toBe(0)
          expect(offset).toBeGreaterThanOrEqual(previousEnd)
          expect(offset + length).toBeLessThanOrEqual(arena.capacity)
          expect(view.every((b) => b === 0)).toBe(true)
          view.fill(0xab)
          previousEnd = offset + length
          return view
        })
        expect(arena.byteLength).toBe(previousEnd)
        for (const view of views) {
          const fresh = arena.refresh(view)
          expect(fresh.every((b) => b === 0xab)).toBe(true)
          expect(arena.view(arena.offsetOf(view), view.byteLength)).toEqual(fresh)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('uses 64-byte alignment by default', () => {
    const arena = make()
    arena.alloc(1)
    expect(arena.offsetOf(arena.alloc(8))).toBe(64)
    expect(arena.offsetOf(arena.alloc(8, 8))).toBe(72)
  })

  it('zeroes reused bytes after reset, and starts again at the base', () => {
    const arena = make()
    const first = arena.alloc(5000, 1)
    first.fill(0xff)
    arena.view(6000, 100).fill(0xee) // written through a raw view beyond the allocations
    arena.reset()
    expect(arena.byteLength).toBe(0)
    const again = arena.alloc(7000, 1)
    expect(arena.offsetOf(again)).toBe(0)
    expect(again.every((b) => b === 0)).toBe(true)
    expect(first[0]).toBe(0) // the old view aliases the new allocation: documented
  })

  it.each([0, 3, 48, 8192, 1.5])('rejects alignment %s with InvalidArgumentError', (alignment) => {
    const arena = make()
    expect(() => arena.alloc(8, alignment)).toThrow(InvalidArgumentError)
    expect(arena.byteLength).toBe(0)
  })

  it.each([-1, 0.5, Number.NaN, 2 ** 53])('rejects length %s with InvalidArgumentError', (length) => {
    expect(() => make().alloc(length)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }))
  })

  it('throws AllocationError past maxByteLength and stays usable', () => {
    const arena = make(1 << 17)
    arena.alloc(1000)
    let err: unknown
    try {
      arena.alloc(1 << 17)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AllocationError)
    expect((err as AllocationError).code).toBe(ErrorCode.Allocation)
    expect((err as Error).message).toContain(String(1 << 17))
    expect(arena.byteLength).toBe(1000)
    expect(arena.offsetOf(arena.alloc((1 << 17) - 1024))).toBe(1024)
    expect(arena.capacity).toBe(1 << 17)
  })

  it('grows geometrically and tells onGrow listeners until they unsubscribe', () => {
    const arena = make()
    const events: ArenaGrowEvent[] = []
    const unsubscribe = arena.onGrow((e) => events.push(e))
    for (let i = 0; i < 1000; i++) arena.alloc(1000, 8)
    expect(arena.byteLength).toBe(1000 * 1000)
    expect(events.length).toBeGreaterThan(0)
    expect(events.length).toBeLessThanOrEqual(Math.ceil(Math.log2(arena.capacity / 4096)) + 1)
    for (const e of events) {
      expect(e.capacity).toBeGreaterThanOrEqual(e.previousCapacity * 2)
      expect(e.external).toBe(false)
    }
    expect(events.at(-1)!.capacity).toBe(arena.capacity)
    unsubscribe()
    arena.alloc(arena.capacity - arena.byteLength + 1)
    expect(events.length).toBeLessThanOrEqual(Math.ceil(Math.log2(1000 * 1000 / 4096)) + 1)
  })

  it('bounds-checks view() with OutOfRangeError', () => {
    const arena = make()
    const capacity = arena.capacity
    expect(arena.view(capacity - 4, 4).byteLength).toBe(4)
    for (const [offset, length] of [[capacity - 3, 4], [-1, 1], [0, -1], [0.5, 1]] as const) {
      expect(() => arena.view(offset, length)).toThrow(OutOfRangeError)
    }
  })

  it('refuses the offset of memory it does not own', () => {
    const arena = make()
    expect(() => arena.offsetOf(new Uint8Array(8))).toThrow(InvalidArgumentError)
    expect(() => arena.offsetOf(null as unknown as Uint8Array)).toThrow(InvalidArgumentError)
    expect(() => arena.refresh({} as Uint8Array)).toThrow(InvalidArgumentError)
    expect(() => arena.refresh(new Uint8Array(8))).toThrow(/not in this arena/)
    expect(arena.offsetOf(new Float64Array(arena.buffer, 128, 2))).toBe(128)
  })
})

describe('ArenaAllocator without a WebAssembly memory', () => {
  it.each([false, true])('keeps earlier views valid across grows (shared: %s)', (shared) => {
    const arena = new ArenaAllocator({ shared, initialByteLength: 0, maxByteLength: 1 << 24 })
    const buffer = arena.buffer
    expect(shared ? (buffer as SharedArrayBuffer).growable : (buffer as ArrayBuffer).resizable).toBe(true)
    expect(buffer instanceof SharedArrayBuffer).toBe(shared)
    const early = arena.alloc(16)
    early.set([1, 2, 3])
    arena.alloc(5 << 20)
    expect(arena.buffer).toBe(buffer)
    expect(early.byteLength).toBe(16)
    expect([...early.subarray(0, 3)]).toEqual([1, 2, 3])
    expect(arena.refresh(early)).toBe(early)
    expect(arena.generation).toBe(0)
  })

  it('defaults to a 64 KiB start and a 1 GiB limit, refusing more without reserving it', () => {
    const arena = new ArenaAllocator()
    expect(DEFAULT_ARENA_MAX_BYTE_LENGTH).toBe(2 ** 30)
    expect(arena.maxByteLength).toBe(2 ** 30)
    expect(arena.capacity).toBe(65536)
    expect(() => arena.alloc(2 ** 30 + 1)).toThrow(AllocationError)
    expect(arena.capacity).toBe(65536)
  })

  it('validates its options', () => {
    expect(() => new ArenaAllocator({ initialByteLength: 10, maxByteLength: 5 })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ maxByteLength: -1 })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ baseOffset: 1.5 })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ baseOffset: 100, maxByteLength: 50, initialByteLength: 0 })).toThrow(InvalidArgumentError)
  })

  it('turns an engine refusal to reserve memory into AllocationError with the cause', () => {
    let err: unknown
    try {
      new ArenaAllocator({ maxByteLength: 2 ** 53 - 1 })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AllocationError)
    expect((err as Error).cause).toBeInstanceOf(RangeError)
  })
})
