/**
 * @packageDocumentation
 * The contracts every Lightstream layer implements and the coded errors they throw. No runtime
 * dependencies; the contracts are types, so third parties implement a framer, a sink or a codec
 * without pulling code.
 *
 * It also holds the Arrow data model (see `./arrow`): DataType, Field, Schema, Data (one array chunk of
 * typed-array views), RecordBatch, Table, Column, value access, builders and `validate`.
 *
 * @example
 * ```ts
 * import { NEED_MORE, type FrameDecoder } from '@lightstream/core'
 *
 * // A framer for a 2-byte big-endian length prefix.
 * const decoder: FrameDecoder<Uint8Array> = {
 *   decode(bytes) {
 *     if (bytes.length < 2) return NEED_MORE
 *     const size = 2 + ((bytes[0]! << 8) | bytes[1]!)
 *     if (bytes.length < size) return { needMore: true, needed: size }
 *     return { frame: bytes.subarray(2, size), consumed: size }
 *   },
 * }
 * ```
 */
export * from './errors'
export { abortError, checkSignal, isAbortSignal, raceAbort, throwIfAborted } from './abort'
export { NEED_MORE, isNeedMore } from './frame-decoder'
export type { FrameDecoder, DecodeResult, Decoded, NeedMore } from './frame-decoder'
export type { FrameEncoder } from './frame-encoder'
export { isAsyncByteSource } from './byte-source'
export type { ByteSource } from './byte-source'
export type { ByteSink } from './byte-sink'
export type { Allocator } from './allocator'
export type { Codec } from './codec'
export type { RandomAccessSource } from './random-access-source'
// The Arrow data model: types, Data, RecordBatch, Table, Column, builders, validate.
export * from './arrow/index'
