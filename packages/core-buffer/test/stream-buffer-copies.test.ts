import type { Allocator } from '@lightstream/core'
import { ArenaAllocator, StreamBuffer, alignedAlloc, isAligned, joinContiguous } from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

// What the zero-copy promise means in practice: views of the pushed chunks when a range sits in one
// chunk, exactly one copy into allocator memory when it spans chunks, and no second copy for the same range.

function recordingAllocator(): Allocator & { calls: [byteLength: number, alignment: number | undefined][] } {
  const calls: [number, number | undefined][] = []
  return {
    calls,
    alloc(byteLength, alignment) {
      calls.push([byteLength, alignment])
      return alignedAlloc(byteLength, alignment)
    },
  }
}

describe('StreamBuffer copy semantics', () => {
  it('take and peek return views of the pushed chunk when the range sits in one chunk', () => {
    const memory = new ArrayBuffer(32)
    const chunk = new Uint8Array(memory, 8, 16)
    chunk.forEach((_, i) => (chunk[i] = i))
    const buf = new StreamBuffer()
    buf.push(chunk)
    const peeked = buf.peek(4)
    expect(peeked.buffer).toBe(memory)
    expect(peeked.byteOffset).toBe(8)
    buf.consume(2)
    const taken = buf.take(10)
    expect(taken.buffer).toBe(memory)
    expect(taken.byteOffset).toBe(10)
    expect([...taken]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    const rest = buf.take(4) // the whole rest of the chunk
    expect(rest.buffer).toBe(memory)
    expect(rest.byteOffset).toBe(20)
    expect(buf.length).toBe(0)
    expect(buf.copies).toBe(0)
    expect(buf.copiedBytes).toBe(0)
  })

  it('a range spanning chunks costs exactly one copy, and asking again costs none', () => {
    const buf = new StreamBuffer()
    const a = Uint8Array.of(1, 2, 3)
    const b = Uint8Array.of(4, 5)
    const c = Uint8Array.of(6, 7, 8)
    buf.push(a); buf.push(b); buf.push(c)
    const first = buf.peek(7)
    expect([...first]).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(first.buffer).not.toBe(a.buffer)
    expect(buf.copies).toBe(1)
    expect(buf.copiedBytes).toBe(7)
    const again = buf.peek(7)
    expect(again.buffer).toBe(first.buffer)
    expect(buf.peek(5).buffer).toBe(first.buffer)
    expect(buf.copies).toBe(1)
    const taken = buf.take(7)
    expect(taken.buffer).toBe(first.buffer)
    expect(buf.copies).toBe(1)
    // The rest of the last chunk is still a view of it.
    expect(buf.take(1).buffer).toBe(c.buffer)
    expect(buf.length).toBe(0)
  })

  it('copies exactly when the range is longer than the first chunk, under random chunkings', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 9 }), { maxLength: 8 }), fc.nat(), (chunks, pick) => {
        const buf = new StreamBuffer()
        for (const chunk of chunks) buf.push(chunk)
        const n = pick % (buf.length + 1)
        const spans = n > buf.head().length
        const firstBuffer = buf.head().buffer
        const peeked = buf.peek(n)
        expect(buf.copies).toBe(spans ? 1 : 0)
        expect(buf.copiedBytes).toBe(spans ? n : 0)
        if (!spans && n > 0) expect(peeked.buffer).toBe(firstBuffer)
        buf.peek(n)
        buf.take(n)
        expect(buf.copies).toBe(spans ? 1 : 0)
      }),
      { numRuns: 300 },
    )
  })

  it('reads the first chunk at an offset: head, peek, take, chunks and the readers see the right bytes as views', () => {
    const memory = new ArrayBuffer(64)
    const a = new Uint8Array(memory, 0, 10)
    a.forEach((_, i) => (a[i] = i))
    const b = new Uint8Array(memory, 32, 6)
    b.forEach((_, i) => (b[i] = 100 + i))
    const buf = new StreamBuffer()
    buf.push(a); buf.push(b)
    buf.consume(3)
    const head = buf.head()
    expect([head.buffer === memory, head.byteOffset, [...head]]).toEqual([true, 3, [3, 4, 5, 6, 7, 8, 9]])
    expect(buf.take(2).byteOffset).toBe(3)
    const rest = buf.peek(5) // exactly what is left of `a`
    expect([rest.buffer === memory, rest.byteOffset, rest.length]).toEqual([true, 5, 5])
    expect([...buf.chunks()].map((c) => [c.byteOffset, c.length])).toEqual([[5, 5], [32, 6]])
    expect(buf.getUint16LE(4)).toBe(9 | (100 << 8))
    expect(buf.indexOf(8)).toBe(3)
    expect(buf.copies).toBe(0)
    // A take across the edge copies once and leaves the rest of `b` in place, still a view.
    const joined = buf.take(7)
    expect([...joined]).toEqual([5, 6, 7, 8, 9, 100, 101])
    expect(joined.buffer).not.toBe(memory)
    expect([buf.copies, buf.copiedBytes, buf.chunkCount, buf.length]).toEqual([1, 7, 1, 4])
    const left = buf.head()
    expect([left.buffer === memory, left.byteOffset, [...left]]).toEqual([true, 34, [102, 103, 104, 105]])
    expect([buf.getUint32LE(0), buf.getUint8(3), buf.indexOf(104, 1)]).toEqual([102 | (103 << 8) | (104 << 16) | (105 << 24), 105, 2])
    expect([...buf.slice(1, 3)]).toEqual([103, 104])
    expect(buf.take(4).byteOffset).toBe(34)
    expect(buf.length).toBe(0)
  })

  it('a spanning peek puts its copy in front of the unread rest of the last chunk it touched', () => {
    const c = Uint8Array.of(7, 8, 9, 10)
    const buf = new StreamBuffer()
    buf.push(Uint8Array.of(1, 2, 3)); buf.push(Uint8Array.of(4, 5)); buf.push(c)
    buf.consume(1)
    const merged = buf.peek(5)
    expect([...merged]).toEqual([2, 3, 4, 5, 7])
    expect([...buf.chunks()].map((x) => [...x])).toEqual([[2, 3, 4, 5, 7], [8, 9, 10]])
    expect(buf.head()).toBe(merged)
    buf.consume(2)
    expect([...buf.peek(3)]).toEqual([4, 5, 7])
    expect(buf.peek(3).buffer).toBe(merged.buffer)
    const tail = buf.take(6)
    expect([...tail]).toEqual([4, 5, 7, 8, 9, 10])
    expect(buf.copies).toBe(2)
  })

  it('slice always copies, and does not count as a spanning copy', () => {
    const chunk = Uint8Array.of(1, 2, 3, 4)
    const buf = new StreamBuffer()
    buf.push(chunk)
    const sliced = buf.slice(1, 3)
    expect([...sliced]).toEqual([2, 3])
    expect(sliced.buffer).not.toBe(chunk.buffer)
    sliced[0] = 99
    expect(chunk[1]).toBe(2)
    expect(buf.copies).toBe(0)
  })

  it('spanning copies and slices go through the supplied allocator with the requested alignment', () => {
    const allocator = recordingAllocator()
    const buf = new StreamBuffer({ allocator, alignment: 256 })
    buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3, 4))
    buf.peek(1)
    expect(allocator.calls).toEqual([])
    buf.peek(3)
    buf.slice(0, 4)
    expect(allocator.calls).toEqual([[3, 256], [4, 256]])
  })

  it('uses 64-byte alignment by default', () => {
    const allocator = recordingAllocator()
    const buf = new StreamBuffer({ allocator })
    buf.push(Uint8Array.of(1)); buf.push(Uint8Array.of(2))
    buf.take(2)
    expect(allocator.calls).toEqual([[2, 64]])
  })

  it('lands copies in an arena at aligned offsets', () => {
    const arena = new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }) })
    arena.alloc(3, 1) // move the bump pointer off alignment
    const buf = new StreamBuffer({ allocator: arena, alignment: 16 })
    buf.push(Uint8Array.of(9, 8)); buf.push(Uint8Array.of(7, 6))
    const joined = buf.take(3)
    expect(joined.buffer).toBe(arena.buffer)
    expect(arena.offsetOf(joined)).toBe(16)
    expect(isAligned(joined, 16)).toBe(true)
    expect([...joined]).toEqual([9, 8, 7])
    expect([...buf.take(1)]).toEqual([6])
  })

  it('rejects a bad alignment and a non-Uint8Array chunk with coded errors', () => {
    expect(() => new StreamBuffer({ alignment: 3 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    const buf = new StreamBuffer()
    expect(() => buf.push([1, 2] as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => buf.push(new DataView(new ArrayBuffer(2)) as unknown as Uint8Array)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
  })

  it('ignores empty chunks and clear() drops everything', () => {
    const buf = new StreamBuffer()
    buf.push(new Uint8Array(0))
    expect(buf.chunkCount).toBe(0)
    expect(buf.head().length).toBe(0)
    buf.push(Uint8Array.of(1)); buf.push(Uint8Array.of(2))
    buf.clear()
    expect(buf.length).toBe(0)
    expect(buf.chunkCount).toBe(0)
    expect(buf.indexOf(1)).toBe(-1)
    buf.push(Uint8Array.of(5))
    expect([...buf.take(1)]).toEqual([5])
  })

  it('stays correct while thousands of chunks pass through (front compaction)', () => {
    const buf = new StreamBuffer()
    for (let i = 0; i < 300; i++) buf.push(Uint8Array.of(i & 0xff))
    for (let i = 0; i < 290; i++) {
      expect(buf.getUint8(0)).toBe(i & 0xff)
      expect(buf.indexOf((i + 5) & 0xff)).toBe(5)
      buf.consume(1)
      if (i % 7 === 0) buf.push(Uint8Array.of(0xee))
    }
    expect(buf.chunkCount).toBe(10 + 42)
    expect(buf.getUint16LE(9)).toBe(0xee00 | (299 & 0xff)) // last original byte, then the first pushed 0xee
    for (let i = 0; i < 10_000; i++) {
      buf.push(Uint8Array.of(i & 0xff, 1))
      buf.push(Uint8Array.of(2))
      buf.consume(buf.length - 3)
      expect([...buf.take(3)]).toEqual([i & 0xff, 1, 2])
    }
    expect(buf.chunkCount).toBe(0)
    expect(buf.copies).toBe(10_000)
  })
})

describe('StreamBuffer joins chunks that continue each other in memory', () => {
  it('makes a range across reads into one slab a view, with no copy', () => {
    const slab = alignedAlloc(64).map((_, i) => i)
    const buf = new StreamBuffer()
    buf.push(slab.subarray(0, 10))
    buf.push(slab.subarray(10, 40))
    buf.push(slab.subarray(40, 64))
    expect(buf.chunkCount).toBe(1)
    const range = buf.take(50)
    expect(range.buffer).toBe(slab.buffer)
    expect([...range]).toEqual([...slab.subarray(0, 50)])
    expect(buf.copies).toBe(0)
    expect([...buf.take(14)]).toEqual([...slab.subarray(50)])
  })

  it('keeps chunks from different buffers, or with a gap between them, apart', () => {
    const slab = new Uint8Array(32).map((_, i) => i)
    const other = slab.slice(8, 16)
    const buf = new StreamBuffer()
    buf.push(slab.subarray(0, 8))
    buf.push(other) // same bytes, other memory
    buf.push(slab.subarray(17, 20)) // a gap of one byte after the first chunk's memory
    expect(buf.chunkCount).toBe(3)
    expect([...buf.take(12)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(buf.copies).toBe(1)
  })

  it('does not grow a spanning copy at the front with a chunk that happens to follow it', () => {
    const arena = new ArenaAllocator({ initialByteLength: 4096 })
    const buf = new StreamBuffer({ allocator: arena, alignment: 8 })
    buf.push(Uint8Array.of(1, 2))
    buf.push(Uint8Array.of(3, 4))
    const merged = buf.peek(4) // one copy into the arena, now the front chunk
    const next = arena.alloc(4, 1)
    next.set([5, 6, 7, 8])
    buf.push(next)
    expect([...buf.take(8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(merged.length).toBe(4)
    expect(buf.length).toBe(0)
  })
})

describe('joinContiguous', () => {
  it('joins views that continue each other in one buffer, and nothing else', () => {
    const slab = new Uint8Array(16).map((_, i) => i)
    const joined = joinContiguous(slab.subarray(2, 5), slab.subarray(5, 9))!
    expect(joined.buffer).toBe(slab.buffer)
    expect([...joined]).toEqual([2, 3, 4, 5, 6, 7, 8])
    expect(joinContiguous(slab.subarray(2, 5), slab.subarray(6, 9))).toBeUndefined()
    expect(joinContiguous(slab.subarray(5, 9), slab.subarray(2, 5))).toBeUndefined()
    expect(joinContiguous(slab.subarray(0, 4), slab.slice(4, 8))).toBeUndefined()
  })
})
