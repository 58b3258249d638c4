import { ReleasedMemoryError } from '@lightstream/core'
import { ArenaAllocator, ExternalMemory, StreamBuffer } from '@lightstream/core-buffer'
import { describe, expect, it, vi } from 'vitest'

// The @example at the top of src/index.ts, copied verbatim, with its results asserted.
describe('the @packageDocumentation example of @lightstream/core-buffer', () => {
  it('runs and does what its comments say', () => {
    const buf = new StreamBuffer()
    const first = Uint8Array.of(1, 2)
    buf.push(first); buf.push(Uint8Array.of(3))
    const taken = buf.take(2) // view of the first chunk, no copy
    expect(taken.buffer).toBe(first.buffer)
    expect(buf.copies).toBe(0)

    // Spanning copies land in a WebAssembly memory, at offsets a kernel can read in place.
    const arena = new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }) })
    const spanned = new StreamBuffer({ allocator: arena })
    spanned.push(Uint8Array.of(1, 2)); spanned.push(Uint8Array.of(3, 4))
    const joined = spanned.take(4) // one copy, into the arena
    expect(arena.offsetOf(joined)).toBe(0) // 0: its wasm pointer

    expect(spanned.copies).toBe(1)
    expect(joined.buffer).toBe(arena.memory!.buffer)
    expect([...new Uint8Array(arena.memory!.buffer, 0, 4)]).toEqual([1, 2, 3, 4])
  })

  it('runs the ArenaAllocator class example', () => {
    const memory = new WebAssembly.Memory({ initial: 1 })
    const arena = new ArenaAllocator({ memory })
    const column = arena.alloc(1024) // zeroed, offset a multiple of 64
    const pointer = arena.offsetOf(column) // pass to a wasm kernel
    column.fill(5)
    arena.alloc(1 << 20) // grows the memory: `column` is now detached
    expect(column.byteLength).toBe(0)
    const live = arena.refresh(column) // a live view of the same 1024 bytes
    expect(live.byteOffset).toBe(pointer)
    expect(live.every((b) => b === 5)).toBe(true)
  })

  it('runs the ExternalMemory class example', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const mapped = new Uint8Array(4096) // stands in for a memory-mapped file
    const mem = new ExternalMemory(mapped, { name: 'data.arrows', release: () => console.log('unmapped') })
    const header = mem.view(0, 8) // a view, no copy
    mem.release() // logs 'unmapped' once; mem.bytes now throws ReleasedMemoryError
    mem.release()
    expect(header.buffer).toBe(mapped.buffer)
    expect(log.mock.calls).toEqual([['unmapped']])
    expect(() => mem.bytes).toThrow(ReleasedMemoryError)
    log.mockRestore()
  })
})
