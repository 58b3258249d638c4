import { InvalidArgumentError, type RecordBatch, type Schema } from '@lightstream/core'
import { IpcMessageDecoder, IpcStreamReader, type IpcStreamReaderOptions } from '@lightstream/ipc'
import { ProtocolError } from './protocol-errors'
import { schemaDifference, summarizeSchema } from './schema-summary'

/** What a table payload holds, found by walking its message prefixes and metadata. */
interface PayloadScan {
  /** Bytes up to (not including) an end-of-stream marker, or the whole payload. */
  readonly end: number
  readonly startsWithSchema: boolean
  readonly recordBatches: number
}

/**
 * The receiving side of one table channel. Payloads are fed, in order, to one long-lived
 * `@lightstream/ipc` IpcStreamReader, so dictionaries persist across payloads exactly as in one IPC stream:
 * a replacement replaces, a delta appends (one concatenation copy, counted in `stats.dictionaryCopies`),
 * and every batch keeps the dictionary in force when it arrived. A payload that starts with a Schema
 * message starts a new stream (new schema, dictionaries forgotten): the first payload always does, and a
 * sender may start over.
 *
 * Each payload is first scanned with IpcMessageDecoder (O(metadata)), so the reader is only asked for as
 * many batches as the payload holds and never waits for bytes that are not there. Batches are views of the
 * payload (zero copy) except buffers misaligned for their type, which the reader copies and counts.
 * @internal
 */
export class TableReceiver {
  readonly #feed: Uint8Array[] = []
  readonly #chunks: Iterable<Uint8Array>
  readonly #scanner: IpcMessageDecoder
  #reader: IpcStreamReader | undefined

  constructor(
    readonly channel: string,
    readonly expected: Schema | undefined,
    private readonly options: IpcStreamReaderOptions,
  ) {
    const feed = this.#feed
    // The reader's byte source: the payloads queued so far. It is only pulled while a scanned message is pending.
    this.#chunks = {
      [Symbol.iterator]: () => ({
        next: (): IteratorResult<Uint8Array> => {
          const chunk = feed.shift()
          return chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk }
        },
      }),
    }
    this.#scanner = new IpcMessageDecoder(options)
  }

  /** The schema of the stream in force, once a payload brought one. */
  get schema(): Schema | undefined {
    return this.#reader?.schema
  }

  /**
   * The record batches of one payload (often exactly one), after applying its dictionary batches.
   * @throws ProtocolError a payload that does not hold whole IPC messages, a Schema message that is not
   *   first, batches before any schema, or a schema other than the registered one; IpcFormatError,
   *   FrameTooLargeError, InvalidDataError from the IPC reader.
   */
  receive(payload: Uint8Array): RecordBatch[] {
    const scan = this.#scan(payload)
    if (scan.end === 0) return []
    const bytes = scan.end === payload.length ? payload : payload.subarray(0, scan.end)
    if (scan.startsWithSchema) {
      this.#reader?.close()
      this.#reader = undefined
      this.#feed.length = 0
      this.#feed.push(bytes)
      const reader = IpcStreamReader.from(this.#chunks, this.options)
      this.#checkSchema(reader.schema)
      this.#reader = reader
    } else {
      if (this.#reader === undefined) {
        throw new ProtocolError(`table channel "${this.channel}" received IPC messages before its Schema message`, { channel: this.channel })
      }
      this.#feed.push(bytes)
    }
    const reader = this.#reader
    const out: RecordBatch[] = []
    for (let i = 0; i < scan.recordBatches; i++) {
      const batch = reader.read()
      if (batch === undefined) throw new ProtocolError(`table channel "${this.channel}": the IPC stream ended early`, { channel: this.channel })
      out.push(batch)
    }
    return out
  }

  /** Stop the reader. Idempotent. */
  close(): void {
    this.#reader?.close()
    this.#reader = undefined
    this.#feed.length = 0
  }

  #scan(payload: Uint8Array): PayloadScan {
    let at = 0
    let recordBatches = 0
    let startsWithSchema = false
    while (at < payload.length) {
      const result = this.#scanner.decode(at === 0 ? payload : payload.subarray(at))
      if ('needMore' in result) {
        throw new ProtocolError(
          `table channel "${this.channel}": the payload ends inside an Arrow IPC message (${payload.length - at} of its bytes are there)`,
          { channel: this.channel },
        )
      }
      const frame = result.frame
      if (frame.type === 'endOfStream') return { end: at, startsWithSchema, recordBatches }
      const type = frame.metadata.header.type
      if (type === 'schema') {
        if (at !== 0) throw new ProtocolError(`table channel "${this.channel}": a Schema message in the middle of a payload`, { channel: this.channel })
        startsWithSchema = true
      } else if (type === 'recordBatch') recordBatches++
      at += result.consumed
    }
    return { end: at, startsWithSchema, recordBatches }
  }

  #checkSchema(actual: Schema): void {
    if (this.expected === undefined) return
    const difference = schemaDifference(summarizeSchema(this.expected), summarizeSchema(actual), 'in the registered schema', 'in the received one')
    if (difference !== undefined) {
      throw new ProtocolError(`table channel "${this.channel}" received a schema that differs from the registered one: ${difference}`, { channel: this.channel })
    }
  }
}

/** Check reader options early so a bad option fails at construction, not at the first table. @internal */
export function checkReaderOptions(options: IpcStreamReaderOptions): void {
  try {
    new IpcMessageDecoder(options)
  } catch (error) {
    throw error instanceof InvalidArgumentError ? error : new InvalidArgumentError('bad IPC reader options', { cause: error })
  }
}
