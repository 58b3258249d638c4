/**
 * Provides the memory that data lands in. Every copy of data memory Lightstream makes goes through an
 * Allocator, so buffers can live in a `WebAssembly.Memory` where kernels read them in place.
 *
 * `alloc` returns zeroed bytes whose `byteOffset` is a multiple of `alignment` within their buffer.
 * `allocUnsafe` is an optional capability for callers that overwrite every byte at once (a copy, a
 * concatenation): it may skip zeroing and pool small blocks. Callers fall back to `alloc` when it is absent,
 * so a minimal allocator implements `alloc` only.
 */
export interface Allocator {
  /**
   * Allocate `byteLength` zeroed bytes.
   * @param alignment power of two, at most 4096; defaults to 64.
   * @throws AllocationError when the memory cannot be provided.
   */
  alloc(byteLength: number, alignment?: number): Uint8Array
  /**
   * Allocate `byteLength` bytes whose contents are unspecified; the caller overwrites all of them before
   * anyone reads them. Same alignment and errors as `alloc`. Small blocks may share an ArrayBuffer.
   */
  allocUnsafe?(byteLength: number, alignment?: number): Uint8Array
}
