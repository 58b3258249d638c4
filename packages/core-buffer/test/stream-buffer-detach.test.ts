import { ErrorCode, ReleasedMemoryError, type Allocator } from '@lightstream/core'
import { ArenaAllocator, StreamBuffer, WASM_PAGE_SIZE } from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

// Spanning copies that live in a non-shared WebAssembly.Memory are detached whenever the memory grows
// (the arena's next allocation, another user of the arena, or the module itself). The StreamBuffer must
// keep reading the right bytes, and report memory it cannot re-derive with ReleasedMemoryError.

function seq(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (seed + i * 13) & 0xff
  return out
}

/** Byte-equality without vitest's element-by-element diffing of large arrays: the first differing index, or -1. */
function diff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i
  return -1
}

function wasmArena(): { memory: WebAssembly.Memory; arena: ArenaAllocator } {
  const memory = new WebAssembly.Memory({ initial: 1 })
  return { memory, arena: new ArenaAllocator({ memory }) }
}

describe('StreamBuffer over a detaching arena', () => {
  it('re-derives a buffered copy detached by its own next spanning copy', () => {
    const { arena } = wasmArena()
    const buf = new StreamBuffer({ allocator: arena })
    buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3, 4))
    expect([...buf.peek(3)]).toEqual([1, 2, 3])
    buf.consume(1) // the head is now a sub-view of the copy, which the arena does not track
    buf.push(seq(2 * WASM_PAGE_SIZE, 7))
    const joined = buf.peek(2 * WASM_PAGE_SIZE) // grows the memory while copying out of the old copy
    expect(arena.generation).toBe(1)
    expect([...joined.subarray(0, 4)]).toEqual([2, 3, 4, ...seq(1, 7)])
    expect(diff(joined.subarray(3), seq(2 * WASM_PAGE_SIZE - 3, 7))).toBe(-1)
    expect(buf.copies).toBe(2)
  })

  it('keeps reading after another arena user or the module grew the memory', () => {
    const { memory, arena } = wasmArena()
    const buf = new StreamBuffer({ allocator: arena })
    buf.push(Uint8Array.of(10, 11, 12)); buf.push(Uint8Array.of(13, 14, 15, 16))
    buf.take(2) // [10, 11]: a view of the first chunk
    buf.peek(4) // [12, 13, 14, 15] copied into the arena
    buf.consume(1)
    arena.alloc(3 * WASM_PAGE_SIZE) // someone else allocates: detaches the buffered copy
    expect(buf.head().byteLength).toBe(3)
    expect(buf.getUint32LE(0)).toBe(13 | (14 << 8) | (15 << 16) | (16 << 24))
    memory.grow(1) // the module grows it
    expect(buf.indexOf(15)).toBe(2)
    expect([...buf.slice()]).toEqual([13, 14, 15, 16])
    expect([...buf.take(4)]).toEqual([13, 14, 15, 16])
  })

  it('agrees with a flat model while grows detach copies at random moments', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), size: fc.integer({ min: 1, max: 40_000 }) }),
      fc.record({ kind: fc.constantFrom('peek' as const, 'take' as const, 'consume' as const, 'slice' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constantFrom('moduleGrow' as const, 'arenaAlloc' as const), pick: fc.nat() }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const { memory, arena } = wasmArena()
        const buf = new StreamBuffer({ allocator: arena })
        let model = new Uint8Array(0)
        let seed = 0
        for (const o of ops) {
          const n = 'pick' in o ? o.pick % (model.length + 1) : 0
          if (o.kind === 'push') {
            const chunk = seq(o.size, seed++)
            buf.push(chunk)
            const next = new Uint8Array(model.length + chunk.length)
            next.set(model); next.set(chunk, model.length)
            model = next
          } else if (o.kind === 'peek') expect(diff(buf.peek(n), model.subarray(0, n))).toBe(-1)
          else if (o.kind === 'take') {
            expect(diff(buf.take(n), model.subarray(0, n))).toBe(-1)
            model = model.slice(n)
          } else if (o.kind === 'consume') {
            buf.consume(n)
            model = model.slice(n)
          } else if (o.kind === 'slice') expect(diff(buf.slice(n), model.subarray(n))).toBe(-1)
          else if (o.kind === 'moduleGrow') memory.grow(1)
          else arena.alloc(o.pick % 100_000)
          expect(buf.length).toBe(model.length)
          if (model.length > 0) expect(buf.getUint8(model.length - 1)).toBe(model[model.length - 1])
        }
      }),
      { numRuns: 60 },
    )
  })

  it('hands out a spanning copy the arena can refresh after a grow', () => {
    const { arena } = wasmArena()
    const buf = new StreamBuffer({ allocator: arena })
    buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3, 4))
    const frame = buf.take(3)
    const pointer = arena.offsetOf(frame)
    arena.alloc(2 * WASM_PAGE_SIZE)
    expect(frame.byteLength).toBe(0)
    expect(arena.offsetOf(frame)).toBe(pointer)
    expect([...arena.refresh(frame)]).toEqual([1, 2, 3])
  })

  it('throws ReleasedMemoryError, without losing state, for memory it cannot re-derive', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    let top = 0
    const plain: Allocator = { // allocates in the memory but cannot refresh
      alloc(byteLength) {
        if (top + byteLength > memory.buffer.byteLength) memory.grow(Math.ceil(byteLength / WASM_PAGE_SIZE))
        const view = new Uint8Array(memory.buffer, top, byteLength)
        top += byteLength
        return view
      },
    }
    const buf = new StreamBuffer({ allocator: plain, alignment: 1 })
    buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3))
    buf.peek(3)
    memory.grow(1)
    let err: unknown
    try {
      buf.getUint8(0)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ReleasedMemoryError)
    expect((err as ReleasedMemoryError).code).toBe(ErrorCode.Released)
    expect(buf.length).toBe(3)
  })

  it('reports a pushed chunk that was transferred away instead of reading garbage', () => {
    const buf = new StreamBuffer()
    const first = Uint8Array.of(1, 2)
    const second = Uint8Array.of(3, 4)
    buf.push(first); buf.push(second)
    structuredClone(second.buffer, { transfer: [second.buffer] }) // detaches `second`
    expect(() => buf.peek(3)).toThrow(ReleasedMemoryError)
    expect(() => buf.slice(0, 4)).toThrow(ReleasedMemoryError)
    expect(() => buf.getUint16LE(1)).toThrow(ReleasedMemoryError)
    expect([...buf.peek(2)]).toEqual([1, 2]) // the readable part still reads
    expect(buf.copies).toBe(0)
    expect(buf.chunkCount).toBe(2)
  })

  it('consume and take over a transferred chunk throw ReleasedMemoryError before dropping anything', () => {
    const buf = new StreamBuffer()
    const second = Uint8Array.of(3, 4)
    buf.push(Uint8Array.of(1, 2)); buf.push(second); buf.push(Uint8Array.of(5))
    structuredClone(second.buffer, { transfer: [second.buffer] })
    expect(() => buf.consume(3)).toThrow(ReleasedMemoryError)
    expect(() => buf.take(4)).toThrow(ReleasedMemoryError)
    expect([buf.length, buf.chunkCount, buf.copies]).toEqual([5, 3, 0])
    buf.consume(1)
    expect([...buf.take(1)]).toEqual([2])
    expect(() => buf.head()).toThrow(ReleasedMemoryError)
    expect(() => buf.peek(1)).toThrow(ReleasedMemoryError)
    expect(() => buf.consume(1)).toThrow(ReleasedMemoryError)
    expect(buf.length).toBe(3)
  })

  it('throws ReleasedMemoryError when refresh hands back memory that is still detached', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const stale: Allocator & { refresh(view: Uint8Array): Uint8Array } = {
      alloc: (byteLength) => new Uint8Array(memory.buffer, 0, byteLength),
      refresh: (view) => view, // a broken allocator: the same detached view
    }
    const buf = new StreamBuffer({ allocator: stale, alignment: 1 })
    buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3, 4))
    buf.peek(3)
    memory.grow(1)
    expect(() => buf.take(2)).toThrow(ReleasedMemoryError)
    expect(() => buf.peek(4)).toThrow(ReleasedMemoryError)
    expect(() => buf.head()).toThrow(ReleasedMemoryError)
    expect(buf.length).toBe(4)
  })
})
