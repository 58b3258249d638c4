import { InvalidArgumentError, Table, type RecordBatch, type Schema } from '@lightstream/core'
import { decodeFramesAsync } from '@lightstream/framing'
import type { IpcFrame } from './message-decoder'
import type { ReadStats } from './read-options'
import type { ReadSession } from './read-session'
import { isSyncByteInput, setUpStream, startSession, type IpcStreamReaderOptions } from './stream-setup'

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function'
}

/**
 * Reads an Arrow IPC stream from an `AsyncIterable<Uint8Array>` (a socket, a file stream, a fetch body
 * adapted by `@lightstream/async`): record batches are yielded as their messages complete, awaiting only
 * between chunks. `await AsyncIpcStreamReader.from(source)` resolves once the Schema message is read, so
 * `schema` is known before the first batch. Same zero-copy, dictionary and memory behaviour as
 * {@link IpcStreamReader}; an AbortSignal stops a pending read.
 *
 * @example
 * ```ts
 * const reader = await AsyncIpcStreamReader.from(socketChunks, { signal })
 * for await (const batch of reader) console.log(batch.numRows)
 * ```
 */
export class AsyncIpcStreamReader implements AsyncIterable<RecordBatch> {
  readonly #frames: AsyncGenerator<IpcFrame, void, undefined>
  readonly #session: ReadSession
  #done = false

  private constructor(frames: AsyncGenerator<IpcFrame, void, undefined>, session: ReadSession) {
    this.#frames = frames
    this.#session = session
  }

  /**
   * Open a stream: read chunks until the Schema message is decoded.
   * @throws (rejects) InvalidArgumentError for a source that is not bytes or bad options; IpcFormatError when
   * the stream does not start with a Schema message; AbortError when `signal` aborts; the framing errors.
   */
  static async from(
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array,
    options: IpcStreamReaderOptions = {},
  ): Promise<AsyncIpcStreamReader> {
    if (!isAsyncIterable(source) && !isSyncByteInput(source)) {
      throw new InvalidArgumentError('AsyncIpcStreamReader.from expects an AsyncIterable<Uint8Array>, an Iterable<Uint8Array> or a Uint8Array')
    }
    const { options: resolved, decoder, framing } = setUpStream(options)
    const frames = decodeFramesAsync(source, decoder, framing)
    try {
      const step = await frames.next()
      return new AsyncIpcStreamReader(frames, startSession(step.done === true ? undefined : step.value, resolved))
    } catch (error) {
      await frames.return()
      throw error
    }
  }

  /** The schema of the stream (little-endian byte order: big-endian sources are swapped as they are read). */
  get schema(): Schema {
    return this.#session.schema
  }

  /** The schema as the stream declared it (its `endianness` may be Big). */
  get sourceSchema(): Schema {
    return this.#session.sourceSchema
  }

  /** What reading has cost so far; the `options.stats` object when one was given. */
  get stats(): ReadStats {
    return this.#session.options.stats
  }

  /**
   * The next record batch, or undefined at the end of the stream.
   * @throws (rejects) IpcFormatError, FrameTooLargeError, TruncatedInputError, AbortError, ...
   */
  async read(): Promise<RecordBatch | undefined> {
    try {
      while (!this.#done) {
        const step = await this.#frames.next()
        if (step.done === true || step.value.type === 'endOfStream') {
          await this.close()
          return undefined
        }
        const batch = this.#session.apply(step.value)
        if (batch !== undefined) return batch
      }
      return undefined
    } catch (error) {
      await this.close()
      throw error
    }
  }

  /** The remaining record batches. Single pass; leaving the loop early (break, throw) closes the reader and its source. */
  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    try {
      for (let batch = await this.read(); batch !== undefined; batch = await this.read()) yield batch
    } finally {
      await this.close()
    }
  }

  /**
   * The remaining record batches as a Table with the reader's value options.
   * @throws (rejects) InvalidArgumentError when the reader recycles its input (`recycle: true`): only the
   * last batch would still be valid.
   */
  async readAll(): Promise<Table> {
    if (this.#session.options.recycle) {
      throw new InvalidArgumentError('readAll() keeps every batch, but this reader recycles each batch\'s memory (recycle: true)')
    }
    const batches: RecordBatch[] = []
    for await (const batch of this) batches.push(batch)
    return new Table(this.schema, batches, this.#session.options.values)
  }

  /** Stop reading and release the source (its iterator's `return()`). Idempotent. */
  async close(): Promise<void> {
    if (this.#done) return
    this.#done = true
    await this.#frames.return()
  }
}
