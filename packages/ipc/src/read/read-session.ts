import { Endianness, IpcFormatError, MetadataVersion, RecordBatch, validate, type Data, type Schema } from '@lightstream/core'
import type { MessageMetadata, RecordBatchHeader } from '../metadata/message-metadata'
import { DictionaryStore } from './dictionary-store'
import type { IpcMessage } from './message-decoder'
import { readColumns, type ColumnContext } from './read-columns'
import { readPlan, readPlans } from './read-plan'
import type { ResolvedReadOptions } from './read-options'

/**
 * The state of one read of a stream or file after its schema: the dictionaries in force and the counters.
 * Turns each further message into a RecordBatch (record batches) or a dictionary update (dictionary
 * batches), enforcing the message order rules of the format. Shared by every reader.
 * @internal
 */
export class ReadSession {
  /** The schema of the batches produced: the source's, with little-endian byte order (buffers are swapped if needed). */
  readonly schema: Schema
  /** The schema as the source declared it. */
  readonly sourceSchema: Schema
  readonly options: ResolvedReadOptions
  readonly dictionaries: DictionaryStore
  readonly #file: boolean
  readonly bigEndian: boolean
  /** The metadata version of the message being read. */
  version: MetadataVersion = MetadataVersion.V5
  #batches = 0
  #dictionaryBatches = 0
  /** The message being read, for `what()`: a name given by the caller, or a record or dictionary batch index. */
  #name: string | undefined = undefined
  #dictionaryId = 0
  #reading: 'record' | 'dictionary' = 'record'

  constructor(schema: Schema, options: ResolvedReadOptions, format: 'stream' | 'file') {
    this.sourceSchema = schema
    this.schema = schema.endianness === Endianness.Big ? { ...schema, endianness: Endianness.Little } : schema
    this.options = options
    this.dictionaries = new DictionaryStore(schema, options)
    this.#file = format === 'file'
    this.bigEndian = schema.endianness === Endianness.Big
  }

  /** The dictionary in force for `id` (ColumnContext). */
  dictionary(id: number): Data | undefined {
    return this.dictionaries.get(id)
  }

  /** The message being read, as errors name it (ColumnContext). */
  what(): string {
    if (this.#name !== undefined) return this.#name
    return this.#reading === 'record'
      ? `record batch ${this.#batches - 1}`
      : `dictionary batch ${this.#dictionaryBatches - 1} (id ${this.#dictionaryId})`
  }

  /**
   * The session of a stream whose first message is `message`.
   * @throws IpcFormatError when it is not a Schema message.
   */
  static fromSchemaMessage(metadata: MessageMetadata, options: ResolvedReadOptions): ReadSession {
    const header = metadata.header
    if (header.type !== 'schema') {
      throw new IpcFormatError(`Invalid IPC stream: the first message must be a Schema, got a ${header.type === 'recordBatch' ? 'RecordBatch' : 'DictionaryBatch'}`)
    }
    return new ReadSession(header.schema, options, 'stream')
  }

  /**
   * Apply one message: a RecordBatch is returned, a DictionaryBatch updates the dictionaries (undefined).
   * @throws IpcFormatError for a second Schema message or any error of the body; see {@link readColumns}.
   */
  apply(message: IpcMessage): RecordBatch | undefined {
    const body = message.body
    return this.applyAt(message.metadata, body, 0, body.length)
  }

  /** {@link apply} to a message whose body is `[start, start + size)` of `bytes`, read in place. */
  applyAt(metadata: MessageMetadata, bytes: Uint8Array, start: number, size: number): RecordBatch | undefined {
    const header = metadata.header
    if (header.type === 'recordBatch') return this.recordBatch(metadata, header, bytes, start, size)
    if (header.type === 'dictionaryBatch') {
      this.dictionaryBatch(metadata, bytes, start, size)
      return undefined
    }
    throw new IpcFormatError('Invalid IPC stream: a second Schema message after the first')
  }

  /**
   * Build the batch of a RecordBatch message whose body is `[start, start + size)` of `bytes`. O(fields + buffers).
   * @param name names the message in errors (default `record batch N`).
   */
  recordBatch(metadata: MessageMetadata, header: RecordBatchHeader, bytes: Uint8Array, start: number, size: number, name?: string): RecordBatch {
    this.#batches++
    this.#reading = 'record'
    this.#name = name
    this.version = metadata.version
    const columns = readColumns(readPlans(this.schema.fields), header, bytes, start, size, this)
    const batch = new RecordBatch(this.schema, columns, header.length)
    if (this.options.validate) validate(batch)
    return batch
  }

  /**
   * Apply a DictionaryBatch message whose body is `[start, start + size)` of `bytes`.
   * @throws IpcFormatError for an undeclared id, or (file format) a replacement of a dictionary already read.
   */
  dictionaryBatch(metadata: MessageMetadata, bytes: Uint8Array, start: number, size: number): void {
    const header = metadata.header
    if (header.type !== 'dictionaryBatch') throw new IpcFormatError('Invalid IPC file: a dictionary block does not hold a DictionaryBatch')
    const { id, data, isDelta } = header
    this.#dictionaryBatches++
    if (this.#file && !isDelta && this.dictionaries.has(id)) {
      throw new IpcFormatError(`Invalid IPC file: dictionary ${id} is replaced, which the file format does not allow (only deltas)`)
    }
    const field = this.dictionaries.field(id)
    this.#reading = 'dictionary'
    this.#name = undefined
    this.#dictionaryId = id
    this.version = metadata.version
    const held = { bytes: 0 }
    const [values] = readColumns([readPlan(field)], data, bytes, start, size, this, held)
    if (this.options.validate) validate(values!, { path: `dictionary ${id}` })
    this.dictionaries.set(id, values!, isDelta, held.bytes)
  }
}
