import { AllocationError, InvalidArgumentError } from '@lightstream/core'
import { ArenaAllocator, WASM_PAGE_SIZE, type ArenaGrowEvent } from '@lightstream/core-buffer'
import { describe, expect, it } from 'vitest'

// A real WebAssembly.Memory: growing a non-shared one detaches its ArrayBuffer, so every view handed
// out before reads as length 0 until refresh() re-derives it from the current buffer.

function pattern(view: Uint8Array, seed: number): Uint8Array {
  for (let i = 0; i < view.length; i++) view[i] = (seed + i * 7) & 0xff
  return view
}

describe('ArenaAllocator over a non-shared WebAssembly.Memory', () => {
  it('survives a detaching grow: offsets kept, refresh() gives the same bytes', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const arena = new ArenaAllocator({ memory })
    const events: ArenaGrowEvent[] = []
    arena.onGrow((e) => events.push(e))
    const a = pattern(arena.alloc(1000), 1)
    const b = pattern(arena.alloc(3000, 16), 2)
    const offsets = [arena.offsetOf(a), arena.offsetOf(b)]
    const before = memory.buffer

    arena.alloc(3 * WASM_PAGE_SIZE) // needs more pages: memory.grow detaches `before`
    expect(before.byteLength).toBe(0)
    expect(a.byteLength).toBe(0)
    expect(a.byteOffset).toBe(0)
    expect(arena.generation).toBe(1)
    expect(arena.buffer).toBe(memory.buffer)
    expect(arena.capacity).toBe(memory.buffer.byteLength)
    expect(arena.capacity % WASM_PAGE_SIZE).toBe(0)
    expect(events).toEqual([{ previousCapacity: WASM_PAGE_SIZE, capacity: arena.capacity, generation: 1, detached: true, external: false }])

    expect([arena.offsetOf(a), arena.offsetOf(b)]).toEqual(offsets)
    const a2 = arena.refresh(a)
    const b2 = arena.refresh(b)
    expect(a2.buffer).toBe(memory.buffer)
    expect(a2).toEqual(pattern(new Uint8Array(1000), 1))
    expect(b2).toEqual(pattern(new Uint8Array(3000), 2))
    expect(arena.offsetOf(b2)).toBe(offsets[1])
    expect(arena.refresh(a2)).toBe(a2) // still live: no new view

    memory.grow(1) // a refreshed view can be refreshed again after the next detach
    expect(a2.byteLength).toBe(0)
    expect(arena.refresh(a2)).toEqual(pattern(new Uint8Array(1000), 1))
    expect(arena.generation).toBe(2)
  })

  it('notices a grow made by the module itself and reports it as external', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const arena = new ArenaAllocator({ memory })
    const events: ArenaGrowEvent[] = []
    arena.onGrow((e) => events.push(e))
    const early = pattern(arena.alloc(100), 3)
    memory.grow(2)
    new Uint8Array(memory.buffer).fill(0x55, WASM_PAGE_SIZE) // the module writes its new pages
    const next = arena.alloc(2 * WASM_PAGE_SIZE)
    expect(events).toEqual([{ previousCapacity: WASM_PAGE_SIZE, capacity: 3 * WASM_PAGE_SIZE, generation: 1, detached: true, external: true }])
    expect(next.every((x) => x === 0)).toBe(true)
    expect(arena.refresh(early)).toEqual(pattern(new Uint8Array(100), 3))
  })

  it('allocates above baseOffset and leaves the module\'s bytes below it alone', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    new Uint8Array(memory.buffer).fill(0x99)
    const arena = new ArenaAllocator({ memory, baseOffset: 1024 })
    expect(arena.byteLength).toBe(1024)
    const first = arena.alloc(64)
    expect(arena.offsetOf(first)).toBe(1024)
    expect(first.every((x) => x === 0)).toBe(true) // existing memory content is zeroed when handed out
    expect(new Uint8Array(memory.buffer, 0, 1024).every((x) => x === 0x99)).toBe(true)
    arena.reset()
    expect(arena.offsetOf(arena.alloc(8))).toBe(1024)
  })

  it('fills up to the memory\'s declared maximum, then throws AllocationError with the engine error as cause', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 })
    const arena = new ArenaAllocator({ memory })
    arena.alloc(WASM_PAGE_SIZE + 100, 1) // doubles to 2 pages
    expect(memory.buffer.byteLength).toBe(2 * WASM_PAGE_SIZE)
    arena.alloc(WASM_PAGE_SIZE, 1) // doubling to 4 pages fails; the 3 pages needed fit
    expect(memory.buffer.byteLength).toBe(3 * WASM_PAGE_SIZE)
    let err: unknown
    try {
      arena.alloc(WASM_PAGE_SIZE)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AllocationError)
    expect((err as Error).cause).toBeInstanceOf(RangeError)
    expect(arena.byteLength).toBe(2 * WASM_PAGE_SIZE + 100)
  })

  it('rounds maxByteLength down to whole pages', () => {
    const arena = new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }), maxByteLength: 2 * WASM_PAGE_SIZE + 5 })
    expect(arena.maxByteLength).toBe(2 * WASM_PAGE_SIZE)
    expect(() => arena.alloc(2 * WASM_PAGE_SIZE + 1)).toThrow(AllocationError)
  })

  it('cannot recover the offset of a sub-view the arena never handed out once it is detached', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const arena = new ArenaAllocator({ memory })
    const sub = arena.alloc(64).subarray(8)
    expect(arena.offsetOf(sub)).toBe(8) // fine while live
    memory.grow(1)
    expect(() => arena.offsetOf(sub)).toThrow(/detached/)
    expect(() => arena.refresh(sub)).toThrow(InvalidArgumentError)
  })

  it('rethrows a listener\'s error after the others ran, with the arena consistent', () => {
    const arena = new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }) })
    const seen: number[] = []
    arena.onGrow(() => {
      throw new Error('listener failed')
    })
    arena.onGrow((e) => seen.push(e.capacity))
    expect(() => arena.alloc(2 * WASM_PAGE_SIZE)).toThrow('listener failed')
    expect(seen).toEqual([arena.capacity])
    expect(arena.byteLength).toBe(0)
    expect(arena.offsetOf(arena.alloc(2 * WASM_PAGE_SIZE))).toBe(0) // no second grow needed
    expect(seen).toHaveLength(1)
  })

  it('validates its options', () => {
    const memory = new WebAssembly.Memory({ initial: 2 })
    expect(() => new ArenaAllocator({ memory, shared: true })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ memory, initialByteLength: 10 })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ memory, maxByteLength: 2 ** 32 + WASM_PAGE_SIZE })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ memory, maxByteLength: WASM_PAGE_SIZE })).toThrow(/more than maxByteLength/)
    expect(() => new ArenaAllocator({ memory: new ArrayBuffer(8) as unknown as WebAssembly.Memory })).toThrow(InvalidArgumentError)
    expect(() => new ArenaAllocator({ memory }).onGrow('x' as unknown as () => void)).toThrow(InvalidArgumentError)
  })
})

describe('ArenaAllocator over a shared WebAssembly.Memory', () => {
  it('keeps earlier views valid: no detach, generation stays 0', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true })
    const arena = new ArenaAllocator({ memory })
    const events: ArenaGrowEvent[] = []
    arena.onGrow((e) => events.push(e))
    const early = pattern(arena.alloc(500), 4)
    const before = arena.buffer
    arena.alloc(4 * WASM_PAGE_SIZE)
    expect(arena.buffer).not.toBe(before) // a new SharedArrayBuffer object over the same memory
    expect(arena.buffer).toBe(memory.buffer)
    expect(early.byteLength).toBe(500)
    expect(arena.generation).toBe(0)
    expect(events.map((e) => e.detached)).toEqual([false])
    expect(arena.offsetOf(early)).toBe(0)
    expect(arena.refresh(early)).toBe(early)
    new Uint8Array(memory.buffer)[0] = 0xfe // written through the new buffer, seen through the old view
    expect(early[0]).toBe(0xfe)
  })
})

describe('ArenaAllocator tracking of views over a detaching memory', () => {
  it('remembers offsets and lengths of small and large (2 MiB and more) allocations and views', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const arena = new ArenaAllocator({ memory, maxByteLength: 1 << 26 })
    const small = pattern(arena.alloc(3, 1), 5)
    const large = pattern(arena.alloc((1 << 21) + 5, 8), 6)
    const exactly = arena.alloc(1 << 21)
    const part = arena.view(arena.offsetOf(large) + 10, 100)
    const offsets = [small, large, exactly, part].map((v) => arena.offsetOf(v))
    memory.grow(1)
    expect([small, large, exactly, part].map((v) => v.byteLength)).toEqual([0, 0, 0, 0])
    expect([small, large, exactly, part].map((v) => arena.offsetOf(v))).toEqual(offsets)
    expect(arena.refresh(small)).toEqual(pattern(new Uint8Array(3), 5))
    const large2 = arena.refresh(large)
    expect(large2.byteLength).toBe((1 << 21) + 5)
    expect(large2.subarray(0, 64)).toEqual(pattern(new Uint8Array(64), 6))
    expect(arena.refresh(exactly).byteLength).toBe(1 << 21)
    expect(arena.refresh(part)).toEqual(large2.subarray(10, 110))
  })
})
