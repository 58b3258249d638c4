import type { ByteSink, RecordBatch, Schema, Table } from '@lightstream/core'
import type { EncodeStats } from './body-writer'
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
export class IpcFileWriter {
  readonly #writer: IpcBatchWriter

  /**
   * @param sink - where the bytes go.
   * @param schema - the schema to write; when omitted, that of the first batch or table written.
   * @param options - compression, alignment, legacy framing, metadata version, codecs, signal.
   * @throws InvalidArgumentError a sink without `write`, bad options; MissingDependencyError a
   *   compression codec neither passed nor registered.
   */
  constructor(sink: ByteSink, schema?: Schema, options: IpcWriterOptions = {}) {
    this.#writer = new IpcBatchWriter(sink, new IpcFileEncoder(schema, options), options.signal)
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
   *   schema; UnsupportedFeatureError a dictionary replacement; InvalidDataError a buffer the type needs is missing or short (nothing was written, the writer
   *   stays usable); SinkClosedError after close/abort or when the sink failed; AbortError on the signal.
   */
  write(input: RecordBatch | Table): Promise<void> {
    return this.#writer.write(input)
  }

  /**
   * Waits for pending writes, writes the schema (if no batch came), the end-of-stream marker and the
   * footer, then closes the sink.
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
