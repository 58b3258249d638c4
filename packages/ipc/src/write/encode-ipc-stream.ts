import { InvalidArgumentError, type RecordBatch, type Schema } from '@lightstream/core'
import { IpcStreamEncoder } from './ipc-stream-encoder'
import type { IpcEncodeOptions } from './write-options'

/** Options of {@link encodeIPCStream}. */
export interface EncodeIPCStreamOptions extends IpcEncodeOptions {
  /** The schema to write; default: the first batch's. Needed when `batches` may be empty. */
  readonly schema?: Schema
}

/**
 * Encodes record batches as an Arrow IPC stream, synchronously and lazily: the generator yields the
 * parts of each batch (the schema first, dictionaries, the batch's own buffers as views, padding) only
 * when the consumer asks, pulling one batch at a time from `batches`, and ends with the end-of-stream
 * marker. For in-memory pipelines that must not pay a microtask per batch. O(buffers), no concatenation.
 *
 * @throws InvalidArgumentError `batches` is not iterable, bad options, a batch that does not fit the schema,
 *   or no schema at all (empty input without `options.schema`); InvalidDataError a buffer missing or short.
 *
 * @example
 * ```ts
 * for (const part of encodeIPCStream(table.batches)) socket.write(part)
 * ```
 */
export function* encodeIPCStream(batches: Iterable<RecordBatch>, options: EncodeIPCStreamOptions = {}): Generator<Uint8Array, void, undefined> {
  if (batches === null || typeof batches !== 'object' || typeof (batches as Iterable<RecordBatch>)[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentError('encodeIPCStream expects an Iterable of RecordBatch')
  }
  const encoder = new IpcStreamEncoder(options.schema, options)
  let position = 0
  for (const batch of batches) {
    for (const part of encoder.encode(batch, position)) {
      position += part.byteLength
      yield part
    }
  }
  for (const part of encoder.finish(position)) yield part
}
