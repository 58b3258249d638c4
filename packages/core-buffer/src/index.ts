/**
 * @packageDocumentation
 * Memory for Lightstream: 64-byte aligned allocation, arena allocators whose memory can be a
 * `WebAssembly.Memory`, external memory with an owner (memory maps), and {@link StreamBuffer}, the rope
 * of received chunks that hands out views and copies only when a range spans chunks.
 *
 * @example
 * ```ts
 * import { ArenaAllocator, StreamBuffer } from '@lightstream/core-buffer'
 *
 * const buf = new StreamBuffer()
 * buf.push(Uint8Array.of(1, 2)); buf.push(Uint8Array.of(3))
 * buf.take(2) // view of the first chunk, no copy
 *
 * // Spanning copies land in a WebAssembly memory, at offsets a kernel can read in place.
 * const arena = new ArenaAllocator({ memory: new WebAssembly.Memory({ initial: 1 }) })
 * const spanned = new StreamBuffer({ allocator: arena })
 * spanned.push(Uint8Array.of(1, 2)); spanned.push(Uint8Array.of(3, 4))
 * const joined = spanned.take(4)  // one copy, into the arena
 * arena.offsetOf(joined)          // 0: its wasm pointer
 * ```
 */
export { DEFAULT_ALIGNMENT, MAX_ALIGNMENT, alignUp, allocUnsafe, alignedAlloc, alignedAllocUnsafe, checkAlignment, checkByteLength, defaultAllocator, isAligned } from './aligned-alloc'
export { StreamBuffer } from './stream-buffer'
export { joinContiguous } from './join-contiguous'
export { copyRange } from './chunk-rope'
export type { StreamBufferOptions } from './stream-buffer'
export { ArenaAllocator } from './arena-allocator'
export type { ArenaAllocatorOptions } from './arena-allocator'
export {
  ArenaBacking, DEFAULT_ARENA_INITIAL_BYTE_LENGTH, DEFAULT_ARENA_MAX_BYTE_LENGTH, WASM_MAX_BYTE_LENGTH, WASM_PAGE_SIZE,
} from './arena-backing'
export type { ArenaBackingValue, ArenaGrowEvent } from './arena-backing'
export { ExternalMemory } from './external-memory'
export type { ExternalMemoryOptions } from './external-memory'
