import { InvalidArgumentError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { DEFAULT_HIGH_WATER_MARK } from './byte-channel'
import { ChunkQueue } from './chunk-queue'
import { sinkOfSendingSide, type Connection, type ConnectionInfo } from './connection'
import { ConnectionClosedError } from './errors'
import { abortError, checkSignal, checkSize, deferred, onAbort, type Deferred } from './signal'

/** A `MessagePort`, a `Worker`, `self` in a worker, or Node's `worker_threads` ports (event-target shape). */
export interface MessagePortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void
  addEventListener(type: string, listener: (event: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
  removeEventListener(type: string, listener: (event: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
  start?(): void
  close?(): void
}

/** Options of {@link messagePortConnection}. */
export interface MessagePortConnectionOptions {
  /**
   * How written bytes cross (default true). `true`: each `write`/`writev` is gathered into ONE fresh
   * ArrayBuffer (one copy of the bytes written, the same a structured clone would make, made once) and that
   * buffer is transferred: the receiving thread gets it without a copy, so batches decoded there are views of
   * it. `'chunks'`: additionally, a `write` of a chunk that spans its whole ArrayBuffer transfers that buffer
   * itself — zero copies, and the chunk is detached on this side: only for memory you own and give away.
   * `false`: gathered the same way and posted by structured clone (one more copy).
   */
  transfer?: boolean | 'chunks'
  /** Bytes the receiver lets the sender have in flight (credits; default 1 MiB). */
  highWaterMark?: number
  /** Aborting it destroys the connection (AbortError). */
  signal?: AbortSignal
  /** Close the port once both sides are done (default true; `false` leaves it open for other uses). */
  closePort?: boolean
}

/** Wire messages between the two ends: data, credit, end, abort. */
type Wire = { t: 'data'; b: ArrayBuffer; o: number; n: number } | { t: 'credit'; n: number } | { t: 'end' } | { t: 'abort'; m: string }

/** Distinguishes our messages from the application's on a shared port. */
const TAG = '@lightstream/async'

class MessagePortConnection implements Connection {
  readonly info: ConnectionInfo = { transport: 'message-port' }
  readonly closed: Promise<void>
  readonly #port: MessagePortLike
  readonly #queue: ChunkQueue
  readonly #transfer: boolean | 'chunks'
  readonly #highWaterMark: number
  readonly #closePort: boolean
  #credit = 0
  #returned = 0
  #position = 0
  #waiting: Deferred<void> | undefined
  #sent: 'open' | 'ended' | 'failed' = 'open'
  #error: unknown
  #received = false
  #done = false
  #resolveClosed!: () => void
  readonly #removeAbort: () => void

  constructor(port: MessagePortLike, options: MessagePortConnectionOptions) {
    this.#port = port
    this.#transfer = options.transfer ?? true
    this.#highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
    this.#closePort = options.closePort !== false
    this.#queue = new ChunkQueue({
      highWaterMark: Number.MAX_SAFE_INTEGER, // the sender is bounded by credits instead
      onTake: (bytes) => this.#giveCredit(bytes),
      onCancel: () => this.#giveCredit(Number.MAX_SAFE_INTEGER / 4),
    })
    this.closed = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve
    })
    port.addEventListener('message', this.#onMessage)
    port.addEventListener('messageerror', this.#onMessageError)
    port.addEventListener('close', this.#onPortClose)
    port.start?.()
    this.#post({ t: 'credit', n: this.#highWaterMark })
    const signal = options.signal
    this.#removeAbort = onAbort(signal, () => this.destroy(abortError(signal!)))
  }

  get source(): AsyncIterable<Uint8Array> {
    return this.#queue
  }

  /** The sending side: its `close()` ends our direction only (the connection's `close()` also waits for the peer). */
  readonly sink: ByteSink = sinkOfSendingSide(this)

  readonly #onMessage = (event: { data: unknown }): void => {
    const envelope = event.data as { [TAG]?: Wire } | null
    const wire = envelope !== null && typeof envelope === 'object' ? envelope[TAG] : undefined
    if (wire === undefined) return // not ours
    switch (wire.t) {
      case 'data':
        this.#queue.push(new Uint8Array(wire.b, wire.o, wire.n))
        break
      case 'credit':
        this.#credit += wire.n
        if (this.#credit > 0) this.#release()
        break
      case 'end':
        this.#received = true
        this.#queue.end()
        this.#maybeDone()
        break
      case 'abort':
        this.#fail(new ConnectionClosedError(`the peer destroyed the connection: ${wire.m}`))
        this.#finish()
        break
    }
  }

  readonly #onMessageError = (event: unknown): void => {
    this.destroy(new ConnectionClosedError('a message could not be deserialized', { cause: event }))
  }

  readonly #onPortClose = (): void => {
    this.#fail(new ConnectionClosedError('the message port was closed'))
    this.#finish()
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#check()
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('write expects a Uint8Array')
    if (chunk.byteLength === 0) return
    const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer
    await this.#send(this.#transfer === 'chunks' && whole ? chunk : this.#gather([chunk]), this.#transfer !== false)
  }

  async writev(chunks: readonly Uint8Array[]): Promise<void> {
    this.#check()
    for (const chunk of chunks) if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('writev expects Uint8Arrays')
    const joined = this.#gather(chunks)
    if (joined.byteLength > 0) await this.#send(joined, this.#transfer !== false)
  }

  /** End our sending side: the peer's source ends after what was sent. */
  end(): void {
    if (this.#sent === 'failed') throw this.#error
    if (this.#sent === 'open') {
      this.#sent = 'ended'
      this.#post({ t: 'end' })
      this.#maybeDone()
    }
  }

  async close(): Promise<void> {
    if (this.#sent !== 'failed') this.end()
    await this.closed
  }

  abort(reason?: unknown): void {
    this.destroy(reason)
  }

  destroy(reason?: unknown): void {
    if (this.#done) return
    const error = reason instanceof Error && typeof (reason as { code?: unknown }).code === 'string' ? reason : new ConnectionClosedError('the connection was destroyed', { cause: reason })
    this.#post({ t: 'abort', m: reason instanceof Error ? reason.message : String(reason) })
    this.#fail(error)
    this.#finish()
  }

  /** One fresh ArrayBuffer of its own (never pooled: it is transferred), first byte congruent to the stream position mod 64. */
  #gather(chunks: readonly Uint8Array[]): Uint8Array {
    let total = 0
    for (const chunk of chunks) total += chunk.byteLength
    const shift = this.#position & 63
    const out = new Uint8Array(new ArrayBuffer(total + shift), shift, total)
    let offset = 0
    for (const chunk of chunks) {
      out.set(chunk, offset)
      offset += chunk.byteLength
    }
    return out
  }

  async #send(bytes: Uint8Array, transfer: boolean): Promise<void> {
    while (this.#credit <= 0) {
      this.#waiting ??= deferred<void>()
      await this.#waiting.promise
      this.#check(true)
    }
    this.#check(true)
    this.#credit -= bytes.byteLength
    this.#position += bytes.byteLength
    const buffer = bytes.buffer as ArrayBuffer
    this.#post({ t: 'data', b: buffer, o: bytes.byteOffset, n: bytes.byteLength }, transfer ? [buffer] : undefined)
  }

  #giveCredit(bytes: number): void {
    if (this.#done) return
    this.#returned += bytes
    if (this.#returned >= this.#highWaterMark / 2 || this.#queue.buffered === 0) {
      const n = Math.min(this.#returned, Number.MAX_SAFE_INTEGER / 4)
      this.#returned = 0
      this.#post({ t: 'credit', n })
    }
  }

  #post(wire: Wire, transfer?: Transferable[]): void {
    try {
      if (transfer === undefined) this.#port.postMessage({ [TAG]: wire })
      else this.#port.postMessage({ [TAG]: wire }, transfer)
    } catch (error) {
      this.#fail(new ConnectionClosedError('posting to the port failed', { cause: error }))
    }
  }

  #release(): void {
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.resolve()
  }

  #check(sending = false): void {
    if (this.#sent === 'failed') throw this.#error
    if (this.#sent === 'ended' && !sending) throw new SinkClosedError('write after close')
  }

  #fail(error: unknown): void {
    this.#queue.fail(error)
    if (this.#sent !== 'failed') {
      this.#sent = 'failed'
      this.#error = error instanceof SinkClosedError || (error as { code?: string })?.code === 'ERR_ABORTED' ? error : new SinkClosedError('the connection failed', { cause: error })
    }
    this.#release()
  }

  #maybeDone(): void {
    if (this.#sent === 'ended' && this.#received) this.#finish()
  }

  /** Release the port: listeners off, the port closed (unless `closePort: false`), `closed` resolved. */
  #finish(): void {
    if (this.#done) return
    this.#done = true
    const port = this.#port
    port.removeEventListener('message', this.#onMessage)
    port.removeEventListener('messageerror', this.#onMessageError)
    port.removeEventListener('close', this.#onPortClose)
    this.#removeAbort()
    if (this.#closePort) {
      try {
        port.close?.()
      } catch {
        // already closed
      }
    }
    this.#resolveClosed()
  }
}

/**
 * A {@link Connection} over a `MessagePort` (a `MessageChannel` end, a worker, Node's `worker_threads`
 * ports): bytes cross threads as transferred ArrayBuffers (see {@link MessagePortConnectionOptions.transfer})
 * and the receiving side reads them without copying. Credit-based flow control gives backpressure across
 * threads: the receiver grants `highWaterMark` bytes and returns credit as its consumer takes chunks, so a
 * slow consumer pauses the sending thread. Messages are tagged, so the port can carry other traffic too.
 * Both ends must use this function (it speaks a small protocol: data, credit, end, abort).
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel()
 * const a = messagePortConnection(port1), b = messagePortConnection(port2)
 * ```
 * @throws InvalidArgumentError for something that is not a port or bad options.
 */
export function messagePortConnection(port: MessagePortLike, options: MessagePortConnectionOptions = {}): Connection {
  if (port === null || typeof port !== 'object' || typeof port.postMessage !== 'function' || typeof port.addEventListener !== 'function') {
    throw new InvalidArgumentError('messagePortConnection expects a MessagePort-like object (postMessage, addEventListener)')
  }
  const transfer = options.transfer
  if (transfer !== undefined && transfer !== true && transfer !== false && transfer !== 'chunks') {
    throw new InvalidArgumentError("options.transfer must be true, false or 'chunks'")
  }
  checkSignal(options.signal)
  return new MessagePortConnection(port, options)
}
