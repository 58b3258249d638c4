import type { ByteSink, RecordBatch, Schema, Table } from '@lightstream/core'
import type { EncodeStats } from './body-writer'
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
export class IpcStreamWriter {
  readonly #writer: IpcBatchWriter

  /**
   * @param sink - where the bytes go.
   * @param schema - the schema to write; when omitted, that of the first batch or table written.
   * @param options - compression, alignment, legacy framing, metadata version, codecs, signal.
   * @throws InvalidArgumentError a sink without `write`, bad options; MissingDependencyError a
   *   compression codec neither passed nor registered.
   */
  constructor(sink: ByteSink, schema?: Schema, options: IpcWriterOptions = {}) {
    this.#writer = new IpcBatchWriter(sink, new IpcStreamEncoder(schema, options), options.signal)
  }

  /** Bytes the sink has accepted so far. */
  get position(): number {
    return this.#writer.position
  }

  /** The schema being written, once known. */
  get schema(): Schema | undefined {
    return this.#writer.schema
  }

  /** Copies the writer had to make (unaligned bitmaps and offsets of sliced data); zero otherwise. */
  get stats(): Readonly<EncodeStats> {
    return this.#writer.stats
  }

  /**
   * Writes a batch, or every batch of a table, in call order. The schema message goes out first, and
   * dictionaries before the batches that use them. Resolves when the sink accepted everything.
   * @throws (rejects) InvalidArgumentError input that is not a RecordBatch/Table or does not match the
   *   schema; InvalidDataError a buffer the type needs is missing or short (nothing was written, the writer
   *   stays usable); SinkClosedError after close/abort or when the sink failed; AbortError on the signal.
   */
  write(input: RecordBatch | Table): Promise<void> {
    return this.#writer.write(input)
  }

  /**
   * Waits for pending writes, writes the schema (if no batch came) and the end-of-stream marker, then closes the sink.
   * @throws (rejects) InvalidArgumentError when no schema is known; SinkClosedError / AbortError as `write`.
   */
  close(): Promise<void> {
    return this.#writer.close()
  }

  /** Stops now: pending writes reject and the sink is aborted with `reason`. */
  abort(reason?: unknown): Promise<void> {
    return this.#writer.abort(reason)
  }
}
