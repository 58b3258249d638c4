/**
 * Byte-level facts of the Arrow IPC formats (Arrow Columnar Format, "Serialization and Interprocess
 * Communication"), shared by the readers and writers.
 */

/** Marks the start of an encapsulated message since Arrow 0.15 (an int32 of -1). */
export const CONTINUATION_MARKER = 0xffffffff

/** The magic at both ends of the file format. */
export const FILE_MAGIC = Uint8Array.of(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31) // "ARROW1"

/** Bytes before the first message of a file: the magic padded to 8. */
export const FILE_HEADER_LENGTH = 8

/** Bytes after the footer of a file: int32 footer length + the magic. */
export const FILE_TRAILER_LENGTH = 10

/** Message metadata and bodies are padded to multiples of 8 bytes at least. */
export const MIN_ALIGNMENT = 8

/** Lightstream writes 64-byte aligned buffers and bodies unless told to use 8. */
export const DEFAULT_IPC_ALIGNMENT = 64

/** The end-of-stream marker: continuation + a zero length. */
export const END_OF_STREAM = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0)

/** The end-of-stream marker of the legacy (pre-0.15) framing: a zero length. */
export const LEGACY_END_OF_STREAM = Uint8Array.of(0, 0, 0, 0)

/** Compressed buffers start with this many bytes: the int64 LE uncompressed length (-1 = stored raw). */
export const COMPRESSED_LENGTH_PREFIX = 8
