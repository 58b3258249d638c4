import type { ByteSink, Schema } from '@lightstream/core'
import { IpcBatchWriter, type IpcWriterOptions } from './ipc-batch-writer'
import { IpcFileEncoder } from './ipc-file-encoder'

/**
 * Writes the Arrow IPC **file** format (random access through the footer) to any ByteSink, with the same
 * backpressure, zero-copy and retention guarantees as {@link IpcStreamWriter}. The sink must receive the
 * file from its first byte. The footer is written by `close`; until then the writer keeps one small block
 * entry per message. Dictionaries: one per id plus deltas; a replacement rejects with
 * `UnsupportedFeatureError` (use the stream format for dictionaries that change).
 *
 * @example
 * ```ts
 * const sink = createMemorySink()
 * const writer = new IpcFileWriter(sink, table.schema)
 * await writer.write(table) // or batch by batch
 * await writer.close() // end-of-stream marker, footer, then sink.close()
 * ```
 */
export class IpcFileWriter extends IpcBatchWriter {
  /**
   * @param sink - where the bytes go.
   * @param schema - the schema to write; when omitted, that of the first batch or table written.
   * @param options - compression, alignment, legacy framing, metadata version, codecs, signal.
   * @throws InvalidArgumentError a sink without `write`, bad options; MissingDependencyError a
   *   compression codec neither passed nor registered.
   */
  constructor(sink: ByteSink, schema?: Schema, options: IpcWriterOptions = {}) {
    super(sink, new IpcFileEncoder(schema, options), options.signal)
  }
}
