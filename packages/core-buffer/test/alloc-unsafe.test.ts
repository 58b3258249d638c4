import type { Allocator } from '@lightstream/core'
import { alignedAllocUnsafe, allocUnsafe, defaultAllocator, StreamBuffer } from '@lightstream/core-buffer'
import { describe, expect, it } from 'vitest'

describe('alignedAllocUnsafe', () => {
  it('carves small blocks from a shared slab at aligned offsets, without overlap', () => {
    const blocks = [100, 1, 4096, 63, 64, 65, 0, 2000].map((n) => alignedAllocUnsafe(n))
    for (const b of blocks) expect(b.byteOffset % 64).toBe(0)
    expect(blocks.map((b) => b.byteLength)).toEqual([100, 1, 4096, 63, 64, 65, 0, 2000])
    // Consecutive small blocks share a slab and never overlap.
    const [a, b] = [alignedAllocUnsafe(10), alignedAllocUnsafe(10)]
    expect(a.buffer).toBe(b.buffer)
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 64)
    a.fill(1)
    b.fill(2)
    expect([...a]).toEqual(new Array(10).fill(1))
  })

  it('honours larger alignments and starts a new slab when one is full', () => {
    const aligned = alignedAllocUnsafe(100, 4096)
    expect(aligned.byteOffset % 4096).toBe(0)
    const seen = new Set<ArrayBufferLike>()
    for (let i = 0; i < 40; i++) seen.add(alignedAllocUnsafe(4000).buffer)
    expect(seen.size).toBeGreaterThan(1)
  })

  it('gives large blocks their own buffer as a plain Uint8Array', () => {
    const big = alignedAllocUnsafe(100_000)
    expect(big.byteLength).toBe(100_000)
    expect(big.byteOffset % 64).toBe(0)
    expect(Object.getPrototypeOf(big)).toBe(Uint8Array.prototype)
  })

  it('rejects bad lengths and alignments with coded errors', () => {
    expect(() => alignedAllocUnsafe(-1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => alignedAllocUnsafe(1.5)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => alignedAllocUnsafe(8, 3)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
  })
})

describe('allocUnsafe(allocator, n)', () => {
  it('uses the allocator’s allocUnsafe when present and falls back to alloc otherwise', () => {
    const calls: string[] = []
    const zeroing: Allocator = { alloc: (n) => (calls.push(`alloc ${n}`), new Uint8Array(n)) }
    const both: Allocator = { ...zeroing, allocUnsafe: (n) => (calls.push(`unsafe ${n}`), new Uint8Array(n)) }
    allocUnsafe(zeroing, 5)
    allocUnsafe(both, 6)
    expect(calls).toEqual(['alloc 5', 'unsafe 6'])
    expect(defaultAllocator.allocUnsafe).toBe(alignedAllocUnsafe)
  })

  it('StreamBuffer spanning copies from recycled slab memory hold exactly the pushed bytes', () => {
    // Dirty the slab first so a missed byte would show up as garbage.
    for (let i = 0; i < 20; i++) alignedAllocUnsafe(4000).fill(0xee)
    const buf = new StreamBuffer()
    for (let i = 0; i < 300; i++) buf.push(Uint8Array.of(i & 0xff, (i * 7) & 0xff, 0))
    const taken = buf.take(900)
    expect(buf.copies).toBe(1)
    const expected = Array.from({ length: 300 }, (_, i) => [i & 0xff, (i * 7) & 0xff, 0]).flat()
    expect([...taken]).toEqual(expected)
  })
})
