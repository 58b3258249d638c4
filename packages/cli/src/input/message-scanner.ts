import { FrameTooLargeError, IpcFormatError, TruncatedInputError } from '@lightstream/core'
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_METADATA_BYTES, readMessage } from '@lightstream/ipc'

/** What one IPC message of a stream says about itself (from its metadata; the body is not read). */
export interface MessageInfo {
  readonly type: 'schema' | 'recordBatch' | 'dictionaryBatch'
  /** Byte position of the body's first byte from the start of the input. */
  readonly bodyStart: number
  readonly bodyLength: number
  /** Rows of a record batch (0 otherwise). */
  readonly rows: number
  /** The body compression codec, e.g. `'lz4_frame'`, when compressed. */
  readonly compression: string | undefined
  /** The body's buffers (offset from the body start, length). */
  readonly buffers: readonly { readonly offset: number; readonly length: number }[]
}

const PREFIX = 0
const METADATA = 1
const BODY = 2
const ENDED = 3

/**
 * Follows an Arrow IPC stream message by message as chunks go by, reading only each message's prefix and
 * metadata flatbuffer (buffered: small) and skipping bodies without buffering or copying them. Used where
 * bytes pass through untouched (send and recv forward a stream as is) but rows, the end-of-stream marker and
 * truncation must be known, and by `stats` for compression and alignment.
 *
 * Memory: one metadata flatbuffer (limit 16 MiB). Cost: O(metadata) per message.
 */
export class MessageScanner {
  #state = PREFIX
  #prefix = new Uint8Array(8)
  #prefixHave = 0
  #prefixNeed = 4
  #metadata: Uint8Array = new Uint8Array(0)
  #metadataHave = 0
  #bodyLeft = 0
  #position = 0
  readonly #maxMetadata: number
  readonly #maxBody: number
  readonly #onMessage: ((info: MessageInfo) => void) | undefined
  /** Record batches seen. */
  batches = 0
  /** Rows of those record batches. */
  rows = 0
  /** Messages seen (schema and dictionaries included). */
  messages = 0

  constructor(options: { onMessage?: (info: MessageInfo) => void; maxMetadataBytes?: number; maxMessageBytes?: number } = {}) {
    this.#onMessage = options.onMessage
    this.#maxMetadata = options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES
    this.#maxBody = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  }

  /** Bytes consumed so far (up to and including the end-of-stream marker once it is seen). */
  get position(): number {
    return this.#position
  }

  /** True once the end-of-stream marker was seen; later bytes are not part of the stream. */
  get ended(): boolean {
    return this.#state === ENDED
  }

  /**
   * Scan one chunk. Returns the number of bytes of `chunk` that belong to the stream: all of it, or fewer
   * when the end-of-stream marker ends inside it (0 once ended).
   * @throws IpcFormatError / FrameTooLargeError for a bad prefix or metadata; UnsupportedFeatureError from readMessage.
   */
  push(chunk: Uint8Array): number {
    let at = 0
    while (at < chunk.length && this.#state !== ENDED) {
      if (this.#state === BODY) {
        const take = Math.min(this.#bodyLeft, chunk.length - at)
        this.#bodyLeft -= take
        at += take
        this.#position += take
        if (this.#bodyLeft === 0) this.#state = PREFIX
      } else if (this.#state === PREFIX) {
        const take = Math.min(this.#prefixNeed - this.#prefixHave, chunk.length - at)
        this.#prefix.set(chunk.subarray(at, at + take), this.#prefixHave)
        this.#prefixHave += take
        at += take
        this.#position += take
        if (this.#prefixHave === this.#prefixNeed) this.#prefixDone()
      } else {
        const take = Math.min(this.#metadata.length - this.#metadataHave, chunk.length - at)
        this.#metadata.set(chunk.subarray(at, at + take), this.#metadataHave)
        this.#metadataHave += take
        at += take
        this.#position += take
        if (this.#metadataHave === this.#metadata.length) this.#metadataDone()
      }
    }
    return at
  }

  /**
   * The input ended. A stream may end after the marker or at a message boundary.
   * @throws TruncatedInputError when it ended inside a message.
   */
  end(): void {
    if (this.#state === ENDED) return
    if (this.#state === PREFIX && this.#prefixHave === 0) return
    const where = this.#state === BODY ? `${this.#bodyLeft} body byte(s) missing` : 'in a message header'
    throw new TruncatedInputError(`truncated IPC stream: it ends inside a message at byte ${this.#position} (${where})`)
  }

  #prefixDone(): void {
    const p = this.#prefix
    const value = p[this.#prefixNeed - 4]! | (p[this.#prefixNeed - 3]! << 8) | (p[this.#prefixNeed - 2]! << 16) | (p[this.#prefixNeed - 1]! << 24)
    if (this.#prefixNeed === 4 && value === -1) {
      this.#prefixNeed = 8 // continuation marker: the length follows
      return
    }
    this.#prefixHave = 0
    this.#prefixNeed = 4
    if (value === 0) {
      this.#state = ENDED
      return
    }
    if (value < 0) throw new IpcFormatError(`negative IPC metadata length ${value}`)
    if (value > this.#maxMetadata) throw new FrameTooLargeError(`IPC message metadata of ${value} bytes exceeds the limit`, value, this.#maxMetadata)
    this.#metadata = new Uint8Array(value)
    this.#metadataHave = 0
    this.#state = METADATA
  }

  #metadataDone(): void {
    const metadata = readMessage(this.#metadata)
    const bodyLength = metadata.bodyLength
    if (bodyLength > this.#maxBody) throw new FrameTooLargeError(`IPC message body of ${bodyLength} bytes exceeds the limit`, bodyLength, this.#maxBody)
    const header = metadata.header
    const batch = header.type === 'recordBatch' ? header : header.type === 'dictionaryBatch' ? header.data : undefined
    if (header.type === 'recordBatch') {
      this.batches++
      this.rows += header.length
    }
    this.messages++
    this.#onMessage?.({
      type: header.type,
      bodyStart: this.#position,
      bodyLength,
      rows: header.type === 'recordBatch' ? header.length : 0,
      compression: batch?.compression?.codec,
      buffers: batch?.buffers ?? [],
    })
    this.#bodyLeft = bodyLength
    this.#state = bodyLength === 0 ? PREFIX : BODY
  }
}
