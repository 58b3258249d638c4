/**
 * A compression codec plugged into readers and writers (Arrow IPC body compression, for instance).
 * Lightstream packages depend on no codec; applications pass the ones they want.
 */
export interface Codec {
  /** Identifies the codec, e.g. `'zstd'` or `'lz4_frame'`. */
  readonly name: string
  /** Compress `bytes`. */
  encode(bytes: Uint8Array): Uint8Array
  /**
   * Decompress `bytes`, which the format says expand to exactly `uncompressedLength` bytes.
   * @throws a LightstreamError subclass when the input is corrupt or expands to another length.
   */
  decode(bytes: Uint8Array, uncompressedLength: number): Uint8Array
}
