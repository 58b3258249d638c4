// The part of lz4js (CommonJS, no bundled types) this package uses: the block codec. Frames are read and
// written by this package itself (lz4-frame-decode.ts, lz4-frame-encode.ts).
declare module 'lz4js' {
  /** Decodes the LZ4 block `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`; returns the end index in `dst`. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number
  /** Encodes `src[sIndex, sIndex + sLength)` as one LZ4 block into `dst` from 0; returns its size, or 0 when nothing matched. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number
  /** n + n / 255 + 16: an upper bound of a compressed block's size. */
  export function compressBound(n: number): number
}
