import { InvalidArgumentError } from '@lightstream/core'
import { AsyncIpcStreamReader } from './async-ipc-stream-reader'
import { IpcStreamReader } from './ipc-stream-reader'
import { isSyncByteInput, type IpcStreamReaderOptions } from './stream-setup'

/**
 * Open an Arrow IPC stream over any byte source; sync stays sync. An `AsyncIterable<Uint8Array>` gives a
 * promise of an {@link AsyncIpcStreamReader} (`for await`); bytes in memory (a `Uint8Array`, an
 * `ArrayBuffer`, an `Iterable<Uint8Array>`) give an {@link IpcStreamReader} at once (`for...of`, no promise).
 * Either way the schema is read before the reader is returned.
 *
 * @example
 * ```ts
 * const reader = openIpcStream([chunk1, chunk2])          // IpcStreamReader
 * for (const batch of reader) console.log(batch.numRows)
 * const live = await openIpcStream(socket, { signal })    // AsyncIpcStreamReader
 * for await (const batch of live) console.log(batch.numRows)
 * ```
 * @throws InvalidArgumentError for a source that is not bytes; otherwise as the readers' `from`.
 */
export function openIpcStream(source: AsyncIterable<Uint8Array>, options?: IpcStreamReaderOptions): Promise<AsyncIpcStreamReader>
export function openIpcStream(source: Iterable<Uint8Array> | Uint8Array | ArrayBuffer, options?: IpcStreamReaderOptions): IpcStreamReader
export function openIpcStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | ArrayBuffer,
  options?: IpcStreamReaderOptions,
): IpcStreamReader | Promise<AsyncIpcStreamReader>
export function openIpcStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | ArrayBuffer,
  options: IpcStreamReaderOptions = {},
): IpcStreamReader | Promise<AsyncIpcStreamReader> {
  if (source instanceof ArrayBuffer || isSyncByteInput(source)) return IpcStreamReader.from(source, options)
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) return AsyncIpcStreamReader.from(source, options)
  throw new InvalidArgumentError('openIpcStream expects a Uint8Array, an ArrayBuffer, an Iterable<Uint8Array> or an AsyncIterable<Uint8Array>')
}
