import { InvalidArgumentError, RecordBatch, Table } from '@lightstream/core'
import type { ByteSink, FrameEncoder, Schema } from '@lightstream/core'
import { FrameWriter } from '@lightstream/framing'
import type { EncodeStats } from './body-writer'
import type { IpcEncodeOptions } from './write-options'

/** Options of {@link IpcStreamWriter} and {@link IpcFileWriter}. */
export interface IpcWriterOptions extends IpcEncodeOptions {
  /** Aborting it aborts the writer and its sink; pending and later writes reject with `AbortError`. */
  readonly signal?: AbortSignal
}

/** What the writers need from their encoder. @internal */
export interface BatchEncoder extends FrameEncoder<RecordBatch> {
  readonly schema: Schema | undefined
  readonly stats: Readonly<EncodeStats>
  adoptSchema(schema: Schema): void
}

/**
 * The base of {@link IpcStreamWriter} and {@link IpcFileWriter}, which differ only in their encoder: a
 * FrameWriter over the sink with an IPC encoder, one batch per frame, so `write` resolves only once the sink
 * accepted the batch's last part. Writes are queued in call order (a table's batches are never interleaved
 * with another write's), and each batch is encoded only when its turn comes, so at most one batch's parts
 * exist at a time however slow the sink. Nothing of a batch is kept once its write resolved (the last
 * dictionary of each id is kept, by reference, to detect deltas).
 */
export class IpcBatchWriter {
  readonly #frames: FrameWriter<RecordBatch>
  readonly #encoder: BatchEncoder
  #tail: Promise<void> = Promise.resolve()

  constructor(sink: ByteSink, encoder: BatchEncoder, signal: AbortSignal | undefined) {
    this.#encoder = encoder
    this.#frames = new FrameWriter(sink, encoder, signal === undefined ? {} : { signal })
  }

  /** Bytes the sink has accepted so far. */
  get position(): number {
    return this.#frames.position
  }

  /** The schema being written, once known. */
  get schema(): Schema | undefined {
    return this.#encoder.schema
  }

  /** Copies the writer had to make (unaligned bitmaps and offsets of sliced data); zero otherwise. */
  get stats(): Readonly<EncodeStats> {
    return this.#encoder.stats
  }

  /**
   * Writes a batch, or every batch of a table, in call order. The schema message goes out first, and
   * dictionaries before the batches that use them. Resolves when the sink accepted everything.
   * @throws (rejects) InvalidArgumentError input that is not a RecordBatch/Table or does not match the
   *   schema; UnsupportedFeatureError a dictionary replacement in the file format; InvalidDataError a buffer
   *   the type needs is missing or short (nothing was written, the writer stays usable); SinkClosedError
   *   after close/abort or when the sink failed; AbortError on the signal.
   */
  write(input: RecordBatch | Table): Promise<void> {
    const run = this.#tail.then(() => this.#write(input))
    this.#tail = run.then(undefined, () => undefined)
    return run
  }

  async #write(input: RecordBatch | Table): Promise<void> {
    if (input instanceof RecordBatch) return this.#frames.write(input)
    if (!(input instanceof Table)) throw new InvalidArgumentError('write expects a RecordBatch or a Table')
    this.#encoder.adoptSchema(input.schema)
    for (const batch of input.batches) await this.#frames.write(batch)
  }

  /**
   * Waits for pending writes, writes the schema (if no batch came), the end-of-stream marker and, for the
   * file format, the footer; then closes the sink.
   * @throws (rejects) InvalidArgumentError when no schema is known; SinkClosedError / AbortError as `write`.
   */
  close(): Promise<void> {
    const run = this.#tail.then(() => {
      if (this.#encoder.schema === undefined) {
        throw new InvalidArgumentError('cannot close an IPC writer that has no schema: give one to the constructor or write a batch or table')
      }
      return this.#frames.close()
    })
    this.#tail = run.then(undefined, () => undefined)
    return run
  }

  /** Stops now: pending writes reject and the sink is aborted with `reason`. */
  abort(reason?: unknown): Promise<void> {
    return this.#frames.abort(reason)
  }
}
