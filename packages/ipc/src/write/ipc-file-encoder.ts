import type { FrameEncoder, RecordBatch, Schema } from '@lightstream/core'
import { END_OF_STREAM, FILE_HEADER_LENGTH, FILE_MAGIC, LEGACY_END_OF_STREAM } from '../format/constants'
import type { Block } from '../metadata/message-metadata'
import { writeFooter } from '../metadata/write-footer'
import type { EncodeStats } from './body-writer'
import { MessageSequence } from './message-sequence'
import { resolveEncodeOptions, type IpcEncodeOptions } from './write-options'

/** The legacy end-of-stream marker (4 zero bytes) and 4 bytes of padding. */
const LEGACY_END_OF_FILE_STREAM = new Uint8Array(LEGACY_END_OF_STREAM.length + 4)

/** `ARROW1` padded to 8 bytes. */
function fileHeader(): Uint8Array {
  const header = new Uint8Array(FILE_HEADER_LENGTH)
  header.set(FILE_MAGIC)
  return header
}

/**
 * The FrameEncoder of the Arrow IPC **file** format, one RecordBatch per frame: `ARROW1` and padding, then
 * the stream format (schema, dictionaries, record batches, end-of-stream), then the footer (schema and the
 * blocks of every dictionary and record batch message), its int32 length and `ARROW1`. The file starts
 * where the first `encode` (or `finish`) is told it starts; block offsets count from there.
 *
 * Dictionaries follow the file format rule: one dictionary per id, plus deltas that append to it (applied
 * in file order). A batch whose dictionary changed in any other way throws `UnsupportedFeatureError`
 * (write the stream format instead). Parts, alignment and costs as {@link IpcStreamEncoder}; the encoder
 * keeps one small Block per message for the footer.
 */
export class IpcFileEncoder implements FrameEncoder<RecordBatch> {
  readonly #sequence: MessageSequence
  #base: number | undefined
  readonly #dictionaries: Block[] = []
  readonly #recordBatches: Block[] = []

  /**
   * @param schema - the schema to write; when omitted, the first batch's.
   * @throws InvalidArgumentError bad options; MissingDependencyError a compression codec that is not available.
   */
  constructor(schema?: Schema, options?: IpcEncodeOptions) {
    this.#sequence = new MessageSequence(schema, resolveEncodeOptions(options), true)
  }

  /** The schema being written, once known. */
  get schema(): Schema | undefined {
    return this.#sequence.schema
  }

  /** Copies made so far (unaligned bitmaps, rebased offsets, clamped run ends); zero for unsliced data. */
  get stats(): Readonly<EncodeStats> {
    return this.#sequence.stats
  }

  /** The blocks written so far (offsets from the file start). */
  get blocks(): { readonly dictionaries: readonly Block[]; readonly recordBatches: readonly Block[] } {
    return { dictionaries: this.#dictionaries, recordBatches: this.#recordBatches }
  }

  /** Uses `schema` if none is known yet. O(1). */
  adoptSchema(schema: Schema): void {
    this.#sequence.adopt(schema)
  }

  /**
   * The messages for `batch` at output offset `position` (the file header first, on the first call).
   * O(nodes + buffers), no copy of the batch's buffers; nothing changes when it throws.
   * @throws InvalidArgumentError a batch that does not match the schema; InvalidDataError a missing or
   *   short buffer; UnsupportedFeatureError a dictionary replacement.
   */
  encode(batch: RecordBatch, position: number): Uint8Array[] {
    const first = this.#base === undefined
    const base = this.#base ?? position
    const step = this.#sequence.batchStep(batch, first ? position + FILE_HEADER_LENGTH : position, base)
    this.#base = base
    for (const b of step.dictionaries) this.#dictionaries.push(b)
    for (const b of step.recordBatches) this.#recordBatches.push(b)
    if (first) step.parts.unshift(fileHeader())
    return step.parts
  }

  /**
   * The end of the file: the header and schema if no batch came, the end-of-stream marker, the footer,
   * its length and the magic.
   * @throws InvalidArgumentError when no schema is known.
   */
  finish(position: number): Uint8Array[] {
    const first = this.#base === undefined
    const schemaStep = this.#sequence.schemaStep(first ? position + FILE_HEADER_LENGTH : position)
    const parts: Uint8Array[] = first ? [fileHeader()] : []
    this.#base ??= position
    for (const part of schemaStep.parts) parts.push(part)
    // Legacy framing ends the stream with 4 bytes: pad them to 8 so the footer starts 8-aligned.
    parts.push(this.#sequence.options.legacy ? LEGACY_END_OF_FILE_STREAM.slice() : END_OF_STREAM.slice())
    const footer = writeFooter({
      schema: this.#sequence.schema!,
      dictionaries: this.#dictionaries,
      recordBatches: this.#recordBatches,
      version: this.#sequence.options.version,
    })
    const trailer = new Uint8Array(4 + FILE_MAGIC.length)
    new DataView(trailer.buffer).setInt32(0, footer.byteLength, true)
    trailer.set(FILE_MAGIC, 4)
    parts.push(footer, trailer)
    return parts
  }
}
