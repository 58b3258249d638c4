/**
 * Little-endian integers read straight from bytes at any offset (no DataView to make), for the few fixed
 * fields read before a flatbuffer reader exists: message prefixes, file trailers, the schema-cache peek.
 * The caller checks the bounds.
 * @internal
 */
export function int32At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
}

/** @internal See {@link int32At}. */
export function uint16At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8)
}
