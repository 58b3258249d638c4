import type { ByteSink, Schema } from '@lightstream/core'
import { IpcBatchWriter, type IpcWriterOptions } from './ipc-batch-writer'
import { IpcStreamEncoder } from './ipc-stream-encoder'

/**
 * Writes the Arrow IPC **stream** format to any ByteSink (a file, a socket, a WHATWG stream through
 * `@lightstream/async`, an in-memory sink) with backpressure: each `write` resolves once the sink has
 * accepted the batch, so a producer that awaits it never outruns the sink. Batches go out as their own
 * buffers (views, vectored through `writev` when the sink has it), never concatenated; at most one
 * batch's parts exist at a time, and nothing of a batch is kept after its write resolves (the last
 * dictionary of each id is kept, by reference, to detect deltas).
 *
 * @example
 * ```ts
 * const sink = createMemorySink()
 * const writer = new IpcStreamWriter(sink, table.schema)
 * await writer.write(table) // or batch by batch
 * await writer.close() // end-of-stream marker, then sink.close()
 * ```
 */
export class IpcStreamWriter extends IpcBatchWriter {
  /**
   * @param sink - where the bytes go.
   * @param schema - the schema to write; when omitted, that of the first batch or table written.
   * @param options - compression, alignment, legacy framing, metadata version, codecs, signal.
   * @throws InvalidArgumentError a sink without `write`, bad options; MissingDependencyError a
   *   compression codec neither passed nor registered.
   */
  constructor(sink: ByteSink, schema?: Schema, options: IpcWriterOptions = {}) {
    super(sink, new IpcStreamEncoder(schema, options), options.signal)
  }
}
