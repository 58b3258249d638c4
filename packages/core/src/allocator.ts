/**
 * Provides the memory that data lands in. Every copy of data memory Lightstream makes goes through an
 * Allocator, so buffers can live in a `WebAssembly.Memory` where kernels read them in place.
 *
 * `alloc` returns zeroed bytes whose `byteOffset` is a multiple of `alignment` within their buffer.
 */
export interface Allocator {
  /**
   * Allocate `byteLength` zeroed bytes.
   * @param alignment power of two, at most 4096; defaults to 64.
   * @throws AllocationError when the memory cannot be provided.
   */
  alloc(byteLength: number, alignment?: number): Uint8Array
}
