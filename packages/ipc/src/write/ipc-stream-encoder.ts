import type { FrameEncoder, RecordBatch, Schema } from '@lightstream/core'
import { END_OF_STREAM, LEGACY_END_OF_STREAM } from '../format/constants'
import type { EncodeStats } from './body-writer'
import { MessageSequence } from './message-sequence'
import { resolveEncodeOptions, type IpcEncodeOptions } from './write-options'

/**
 * The FrameEncoder of the Arrow IPC **stream** format, one RecordBatch per frame: the first `encode`
 * also emits the Schema message; each then emits the DictionaryBatch messages the batch needs (new,
 * delta or replacement, see the package README) and the RecordBatch message; `finish` emits the schema if
 * no batch came, then the end-of-stream marker. Parts are the batch's own buffers as views plus one small
 * head per message (prefix, flatbuffer, padding) and zero padding (never concatenated), placed so every buffer and body starts at a multiple of
 * the alignment in the output, given the `position` FrameWriter passes.
 *
 * Drive it with `@lightstream/framing` (`new FrameWriter(sink, encoder)`, `writeFrames`), or use
 * {@link IpcStreamWriter}, {@link tableToIPC} and {@link encodeIPCStream}, which are built on it.
 *
 * @example
 * ```ts
 * import { writeFrames, createMemorySink } from '@lightstream/framing'
 * const sink = createMemorySink()
 * await writeFrames(table.batches, new IpcStreamEncoder(table.schema), sink)
 * ```
 */
export class IpcStreamEncoder implements FrameEncoder<RecordBatch> {
  readonly #sequence: MessageSequence

  /**
   * @param schema - the schema to write; when omitted, the first batch's.
   * @throws InvalidArgumentError bad options; MissingDependencyError a compression codec that is not available.
   */
  constructor(schema?: Schema, options?: IpcEncodeOptions) {
    this.#sequence = new MessageSequence(schema, resolveEncodeOptions(options), false)
  }

  /** The schema being written, once known. */
  get schema(): Schema | undefined {
    return this.#sequence.schema
  }

  /** Copies made so far (unaligned bitmaps, rebased offsets, clamped run ends); zero for unsliced data. */
  get stats(): Readonly<EncodeStats> {
    return this.#sequence.stats
  }

  /** Uses `schema` if none is known yet (a writer given an empty table). O(1). */
  adoptSchema(schema: Schema): void {
    this.#sequence.adopt(schema)
  }

  /**
   * The messages for `batch` at stream offset `position` (a multiple of 8). O(nodes + buffers), no copy of
   * the batch's buffers; nothing changes when it throws.
   * @throws InvalidArgumentError a batch that does not match the schema; InvalidDataError a buffer or child
   *   the type needs is missing or too short.
   */
  encode(batch: RecordBatch, position: number): Uint8Array[] {
    return this.#sequence.batchStep(batch, position, 0).parts
  }

  /**
   * The schema message if no batch was written, then the end-of-stream marker.
   * @throws InvalidArgumentError when no schema is known (no schema given and no batch written).
   */
  finish(position: number): Uint8Array[] {
    const parts = this.#sequence.schemaStep(position).parts
    parts.push((this.#sequence.options.legacy ? LEGACY_END_OF_STREAM : END_OF_STREAM).slice())
    return parts
  }
}
