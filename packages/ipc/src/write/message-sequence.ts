import { Endianness, InvalidArgumentError, RecordBatch, schema as makeSchema } from '@lightstream/core'
import type { Schema } from '@lightstream/core'
import type { Block } from '../metadata/message-metadata'
import { writeSchemaMessage } from '../metadata/write-schema'
import type { EncodeStats } from './body-writer'
import { collectDictionaries } from './collect-dictionaries'
import { DictionaryTracker } from './dictionary-tracker'
import { checkBatch, encodeDictionaryBatch, encodeRecordBatch } from './encode-batch'
import { frameInto, type EncodedMessage } from './frame-message'
import type { ResolvedEncodeOptions } from './write-options'

/** The messages of one step, as parts, with the blocks a file footer records (offsets from the stream's `base`). */
export interface SequenceStep {
  readonly parts: Uint8Array[]
  readonly byteLength: number
  /** The blocks, for the file format; empty for the stream format. */
  readonly dictionaries: readonly Block[]
  readonly recordBatches: readonly Block[]
}

const NO_BLOCKS: readonly Block[] = Object.freeze([])

/** The schema as written: the core model holds little-endian data, so the schema says little-endian. */
function littleEndian(s: Schema): Schema {
  if (s === null || typeof s !== 'object' || !Array.isArray(s.fields)) throw new InvalidArgumentError('expected an Arrow Schema')
  return s.endianness === Endianness.Little ? s : makeSchema(s.fields, s.metadata, Endianness.Little)
}

/**
 * The message sequence shared by the stream and file encoders: the schema message once, then per batch
 * the DictionaryBatch messages it needs (see {@link DictionaryTracker}) and its RecordBatch message, each
 * encapsulated and padded so every body starts aligned in the output. A step that throws changes no state
 * (nothing was emitted), so a writer stays usable after bad input.
 * @internal
 */
export class MessageSequence {
  readonly stats: EncodeStats = { copies: 0, copiedBytes: 0 }
  #schema: Schema | undefined
  #schemaSent = false
  readonly #tracker: DictionaryTracker
  readonly #fileFormat: boolean

  constructor(
    schema: Schema | undefined,
    readonly options: ResolvedEncodeOptions,
    fileFormat: boolean,
  ) {
    this.#schema = schema === undefined ? undefined : littleEndian(schema)
    this.#tracker = new DictionaryTracker(fileFormat, options.deltas)
    this.#fileFormat = fileFormat
  }

  /** The schema being written, once known. */
  get schema(): Schema | undefined {
    return this.#schema
  }

  /** Takes `schema` when none was given yet. O(1). */
  adopt(schema: Schema): void {
    if (this.#schema === undefined) this.#schema = littleEndian(schema)
  }

  /** True once the schema message went out. */
  get started(): boolean {
    return this.#schemaSent
  }

  /** Frames `m` at `at` onto `parts`, recording its block (file format); returns where the next message starts. */
  #frame(parts: Uint8Array[], m: EncodedMessage, at: number, blocks: Block[] | undefined, base: number): number {
    const metaDataLength = frameInto(parts, m, at, this.options.alignment, this.options.legacy)
    blocks?.push({ offset: at - base, metaDataLength, bodyLength: m.bodyLength })
    return at + metaDataLength + m.bodyLength
  }

  /**
   * The schema message when it has not gone out yet (nothing otherwise), marking it sent.
   * @throws InvalidArgumentError when no schema is known.
   */
  schemaStep(position: number): SequenceStep {
    const s = this.#schema
    if (s === undefined) throw new InvalidArgumentError('no schema to write: give one to the writer or write a batch or table first')
    if (this.#schemaSent) return { parts: [], byteLength: 0, dictionaries: NO_BLOCKS, recordBatches: NO_BLOCKS }
    const parts: Uint8Array[] = []
    const metadata = writeSchemaMessage(s, { version: this.options.version })
    const end = this.#frame(parts, { metadata, body: [], bodyLength: 0 }, position, undefined, 0)
    this.#schemaSent = true
    return { parts, byteLength: end - position, dictionaries: NO_BLOCKS, recordBatches: NO_BLOCKS }
  }

  /**
   * Schema (first time), dictionaries and record batch for `batch`, starting at `position`; block offsets
   * are relative to `base`. O(nodes + buffers) plus dictionary comparisons.
   * @throws InvalidArgumentError a batch that does not fit the schema; InvalidDataError a missing or short
   *   buffer; UnsupportedFeatureError a dictionary replacement in the file format.
   */
  batchStep(batch: RecordBatch, position: number, base: number): SequenceStep {
    if (!(batch instanceof RecordBatch)) throw new InvalidArgumentError('expected a RecordBatch')
    const s = this.#schema ?? littleEndian(batch.schema)
    checkBatch(s, batch)
    const planned = this.#tracker.plan(collectDictionaries(s, batch.columns))
    const parts: Uint8Array[] = []
    // Blocks are what a file footer records; the stream format needs none.
    const dictionaries: Block[] | undefined = this.#fileFormat ? [] : undefined
    const recordBatches: Block[] | undefined = this.#fileFormat ? [] : undefined
    let at = position
    let schemaParts = 0
    if (!this.#schemaSent) {
      const metadata = writeSchemaMessage(s, { version: this.options.version })
      at = this.#frame(parts, { metadata, body: [], bodyLength: 0 }, at, undefined, base)
      schemaParts = parts.length
    }
    for (const d of planned.messages) {
      at = this.#frame(parts, encodeDictionaryBatch(d, this.options, this.stats), at, dictionaries, base)
    }
    at = this.#frame(parts, encodeRecordBatch(s, batch, this.options, this.stats), at, recordBatches, base)
    // Everything encoded: commit.
    this.#schema = s
    this.#tracker.commit(planned)
    if (schemaParts > 0) this.#schemaSent = true
    return { parts, byteLength: at - position, dictionaries: dictionaries ?? NO_BLOCKS, recordBatches: recordBatches ?? NO_BLOCKS }
  }
}
