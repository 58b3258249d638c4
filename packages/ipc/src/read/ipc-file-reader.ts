import { InvalidArgumentError, IpcFormatError, OutOfRangeError, Table, type RandomAccessSource, type RecordBatch, type Schema } from '@lightstream/core'
import type { Footer } from '../metadata/message-metadata'
import { readBlockMessage, readFileLayout, runAsync, runSync, throwIfAborted, type FileLayout, type Steps } from './file-steps'
import { bytesSource } from './random-access-sources'
import { resolveReadOptions, type IpcReadOptions, type ReadStats, type ResolvedReadOptions } from './read-options'
import { ReadSession } from './read-session'

/** Options of {@link IpcFileReader.open}: the reader options plus an AbortSignal checked between reads. */
export interface IpcFileReaderOptions extends IpcReadOptions {
  readonly signal?: AbortSignal
}

function toSource(source: RandomAccessSource | Uint8Array | ArrayBuffer): RandomAccessSource {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return bytesSource(source)
  if (source === null || typeof source !== 'object' || typeof source.read !== 'function' || !Number.isSafeInteger(source.byteLength)) {
    throw new InvalidArgumentError('IpcFileReader needs a RandomAccessSource ({ byteLength, read(offset, length) }), a Uint8Array or an ArrayBuffer')
  }
  return source
}

/**
 * Random access to an Arrow IPC file: opening reads only the trailer and the footer (two reads); the
 * dictionaries are read the first time a batch is asked for (one read per dictionary block, none when the
 * schema has no dictionary-encoded field); `batch(i)` reads only block `i` (one read) and builds its batch as
 * views of the bytes read (zero copy for aligned input).
 *
 * The source decides sync or async: over bytes (or any source whose `read` answers synchronously) use
 * `openSync`, `batchSync` and `for...of`; over a file handle use `open`, `batch` and `for await`.
 *
 * @example
 * ```ts
 * const reader = IpcFileReader.openSync(bytes)
 * console.log(reader.schema.fields.length, reader.numBatches)
 * const last = reader.batchSync(reader.numBatches - 1) // reads that block only
 * ```
 */
export class IpcFileReader implements Iterable<RecordBatch>, AsyncIterable<RecordBatch> {
  readonly #source: RandomAccessSource
  readonly #layout: FileLayout
  readonly #session: ReadSession
  readonly #options: ResolvedReadOptions
  #dictionaries: Promise<void> | 'loaded' | undefined

  private constructor(source: RandomAccessSource, layout: FileLayout, options: ResolvedReadOptions) {
    this.#source = source
    this.#layout = layout
    this.#options = options
    this.#session = new ReadSession(layout.footer.schema, options, 'file')
    this.#dictionaries = this.#session.dictionaries.types.size > 0 ? undefined : 'loaded'
  }

  /**
   * Open a file over any source, awaiting its reads: the trailer and the footer.
   * @throws IpcFormatError for bytes that are not an IPC file; FrameTooLargeError for a footer over
   * maxMetadataBytes; InvalidArgumentError for bad options; AbortError when `signal` aborts.
   */
  static async open(source: RandomAccessSource | Uint8Array | ArrayBuffer, options: IpcFileReaderOptions = {}): Promise<IpcFileReader> {
    const resolved = resolveReadOptions(options)
    const src = toSource(source)
    throwIfAborted(options.signal)
    const layout = await runAsync(readFileLayout(src.byteLength, resolved), src, options.signal)
    return new IpcFileReader(src, layout, resolved)
  }

  /**
   * Open a file over bytes or a source whose `read` is synchronous. No promise is created.
   * @throws as {@link IpcFileReader.open}; InvalidArgumentError when the source reads asynchronously.
   */
  static openSync(source: RandomAccessSource | Uint8Array | ArrayBuffer, options: IpcReadOptions = {}): IpcFileReader {
    const resolved = resolveReadOptions(options)
    const src = toSource(source)
    return new IpcFileReader(src, runSync(readFileLayout(src.byteLength, resolved), src), resolved)
  }

  /** The schema of the batches (from the footer; little-endian byte order, see the README). */
  get schema(): Schema {
    return this.#session.schema
  }

  /** The decoded footer: version, schema as declared, dictionary and record batch blocks, custom metadata. */
  get footer(): Footer {
    return this.#layout.footer
  }

  /** Number of record batches the footer lists. */
  get numBatches(): number {
    return this.#layout.footer.recordBatches.length
  }

  /** What reading has cost so far (copies, decompression); the `options.stats` object when one was given. */
  get stats(): ReadStats {
    return this.#options.stats
  }

  #dictionarySteps(): Steps<void> {
    const session = this.#session
    const layout = this.#layout
    const options = this.#options
    return (function* () {
      const blocks = layout.footer.dictionaries
      for (let k = 0; k < blocks.length; k++) {
        const message = yield* readBlockMessage(blocks[k]!, layout, options, `dictionary block ${k}`)
        session.dictionaryBatch(message.metadata, message.body, 0, message.body.length)
      }
    })()
  }

  #batchSteps(i: number): Steps<RecordBatch> {
    const block = this.#layout.footer.recordBatches[i]
    if (block === undefined || !Number.isInteger(i)) throw new OutOfRangeError(`batch ${i} is outside [0, ${this.numBatches})`)
    const session = this.#session
    const layout = this.#layout
    const options = this.#options
    return (function* () {
      const what = `record batch block ${i}`
      const message = yield* readBlockMessage(block, layout, options, what)
      const header = message.metadata.header
      if (header.type !== 'recordBatch') throw new IpcFormatError(`Invalid IPC file: ${what} does not hold a RecordBatch`)
      return session.recordBatch(message.metadata, header, message.body, 0, message.body.length, what)
    })()
  }

  /**
   * Batch `i`: one read of its block (plus, the first time, the dictionary blocks). O(fields + buffers).
   * @throws OutOfRangeError for an index outside [0, numBatches); IpcFormatError and the other read errors.
   */
  async batch(i: number, options: { signal?: AbortSignal } = {}): Promise<RecordBatch> {
    const steps = this.#batchSteps(i)
    if (this.#dictionaries !== 'loaded') {
      this.#dictionaries ??= runAsync(this.#dictionarySteps(), this.#source, options.signal)
      await this.#dictionaries
      this.#dictionaries = 'loaded'
    }
    return runAsync(steps, this.#source, options.signal)
  }

  /**
   * Batch `i`, synchronously (the source must read synchronously, as `bytesSource` does).
   * @throws as {@link IpcFileReader.batch}; InvalidArgumentError for an asynchronous source.
   */
  batchSync(i: number): RecordBatch {
    const steps = this.#batchSteps(i)
    if (this.#dictionaries !== 'loaded') {
      if (this.#dictionaries !== undefined) throw new InvalidArgumentError('batchSync while an async batch() is loading the dictionaries')
      runSync(this.#dictionarySteps(), this.#source)
      this.#dictionaries = 'loaded'
    }
    return runSync(steps, this.#source)
  }

  /** Every batch in file order, synchronously. */
  *[Symbol.iterator](): Iterator<RecordBatch> {
    for (let i = 0; i < this.numBatches; i++) yield this.batchSync(i)
  }

  /** Every batch in file order. */
  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    for (let i = 0; i < this.numBatches; i++) yield await this.batch(i)
  }

  /** All batches as a Table with the reader's value options. */
  async readAll(): Promise<Table> {
    const batches: RecordBatch[] = []
    for await (const batch of this) batches.push(batch)
    return new Table(this.schema, batches, this.#options.values)
  }

  /** All batches as a Table, synchronously. */
  readAllSync(): Table {
    return new Table(this.schema, [...this], this.#options.values)
  }

  /** Close the source (a file handle source closes its handle). */
  async close(): Promise<void> {
    await this.#source.close?.()
  }
}

