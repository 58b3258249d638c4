import { InvalidArgumentError, Table, type RecordBatch, type Schema } from '@lightstream/core'
import { decodeFramesSync } from '@lightstream/framing'
import type { IpcFrame } from './message-decoder'
import type { ReadStats } from './read-options'
import type { ReadSession } from './read-session'
import { isSyncByteInput, setUpStream, startSession, type IpcStreamReaderOptions } from './stream-setup'

/**
 * Reads an Arrow IPC stream from bytes already in memory — one `Uint8Array`, an `ArrayBuffer`, or any
 * `Iterable<Uint8Array>` of chunks — synchronously: no promise is created. `from` reads up to the Schema
 * message, so `schema` is known at once; record batches are then produced one message at a time as you
 * iterate. A message inside one chunk becomes views of that chunk (zero copy); one that spans chunks is
 * made contiguous with one copy (counted in `stats.framingCopies`). Consumed messages are not retained, so
 * memory stays bounded by the largest message (plus the batches you keep).
 *
 * Dictionary batches update the dictionaries in stream order (deltas append, replacements replace); each
 * record batch gets the dictionaries in force when it arrives. Reading stops at the end-of-stream marker or
 * the end of the input. For an `AsyncIterable` source use {@link AsyncIpcStreamReader}.
 *
 * @example
 * ```ts
 * const reader = IpcStreamReader.from(chunks)
 * console.log(reader.schema.fields.map((f) => f.name))
 * for (const batch of reader) console.log(batch.numRows)
 * ```
 */
export class IpcStreamReader implements Iterable<RecordBatch> {
  readonly #frames: Generator<IpcFrame, void, undefined>
  readonly #session: ReadSession
  #done = false

  private constructor(frames: Generator<IpcFrame, void, undefined>, session: ReadSession) {
    this.#frames = frames
    this.#session = session
  }

  /**
   * Open a stream: decode frames up to and including the Schema message.
   * @throws InvalidArgumentError for a source that is not bytes, or bad options.
   * @throws IpcFormatError when the stream does not start with a Schema message; FrameTooLargeError,
   * TruncatedInputError, UnsupportedFeatureError from its first message.
   */
  static from(source: Iterable<Uint8Array> | Uint8Array | ArrayBuffer, options: IpcStreamReaderOptions = {}): IpcStreamReader {
    const input = source instanceof ArrayBuffer ? new Uint8Array(source) : source
    if (!isSyncByteInput(input)) {
      throw new InvalidArgumentError('IpcStreamReader.from expects a Uint8Array, an ArrayBuffer or an Iterable<Uint8Array> (use AsyncIpcStreamReader for async sources)')
    }
    const { options: resolved, decoder, framing } = setUpStream(options)
    const frames = decodeFramesSync(input, decoder, framing)
    let first: IpcFrame | undefined
    try {
      const step = frames.next()
      first = step.done === true ? undefined : step.value
      return new IpcStreamReader(frames, startSession(first, resolved))
    } catch (error) {
      frames.return()
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
   * The next record batch, or undefined at the end of the stream. Applies the dictionary batches before it.
   * O(fields + buffers) per batch, plus any copies counted in `stats`.
   * @throws IpcFormatError, FrameTooLargeError, TruncatedInputError, InvalidDataError (with `validate`), ...
   */
  read(): RecordBatch | undefined {
    try {
      while (!this.#done) {
        const step = this.#frames.next()
        if (step.done === true || step.value.type === 'endOfStream') {
          this.close()
          return undefined
        }
        const batch = this.#session.apply(step.value)
        if (batch !== undefined) return batch
      }
      return undefined
    } catch (error) {
      // A failed stream cannot be resumed: release the source.
      this.close()
      throw error
    }
  }

  /** The remaining record batches. Single pass; leaving the loop early (break, throw) closes the reader. */
  *[Symbol.iterator](): Iterator<RecordBatch> {
    try {
      for (let batch = this.read(); batch !== undefined; batch = this.read()) yield batch
    } finally {
      this.close()
    }
  }

  /** The remaining record batches as a Table with the reader's value options. */
  readAll(): Table {
    return new Table(this.schema, [...this], this.#session.options.values)
  }

  /** Stop reading and release the source (its iterator's `return()`). Idempotent. */
  close(): void {
    if (this.#done) return
    this.#done = true
    this.#frames.return()
  }
}
