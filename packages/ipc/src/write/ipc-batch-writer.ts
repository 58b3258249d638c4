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
 * The shared body of the stream and file writers: a FrameWriter over the sink with an IPC encoder, one
 * batch per frame, so `write` resolves only once the sink accepted the batch's last part. Writes are
 * queued in call order (a table's batches are never interleaved with another write's), and each batch is
 * encoded only when its turn comes, so at most one batch's parts exist at a time however slow the sink.
 * Nothing of a batch is kept once its write resolved.
 * @internal
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

  /** Copies the encoder had to make (sliced data); zero for unsliced data. */
  get stats(): Readonly<EncodeStats> {
    return this.#encoder.stats
  }

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

  abort(reason?: unknown): Promise<void> {
    return this.#frames.abort(reason)
  }
}
