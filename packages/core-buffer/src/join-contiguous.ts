/**
 * `first` and `second` as one view when `second` continues `first` in the same memory (same buffer,
 * starting where `first` ends), as consecutive reads into one slab do; otherwise undefined. O(1), no copy.
 * StreamBuffer, the framing Deframer and socket queues use it so such chunks never cost a copy to join.
 *
 * @example
 * ```ts
 * const slab = new Uint8Array(8)
 * joinContiguous(slab.subarray(0, 3), slab.subarray(3, 8))?.length // 5, a view of the slab
 * joinContiguous(slab.subarray(0, 3), slab.subarray(4, 8))         // undefined: a gap
 * ```
 */
export function joinContiguous(first: Uint8Array, second: Uint8Array): Uint8Array | undefined {
  if (first.buffer !== second.buffer || first.byteOffset + first.byteLength !== second.byteOffset) return undefined
  return new Uint8Array(first.buffer, first.byteOffset, first.byteLength + second.byteLength)
}
