import { AbortError, LightstreamError, type RecordBatch, type Schema, type Table } from '@lightstream/core'
import { createReadStats, type ReadStats } from '@lightstream/ipc'
import type { TlvFrame } from '@lightstream/tlv'
import { checkSignal, ignore, raceSignal } from './abort'
import { ChannelRegistry } from './channel-registry'
import type { MessageChannel, ProtocolMode, ProtocolStats, SendOptions, TableChannel } from './channel-handles'
import { Handshake } from './handshake'
import { IncomingFrames } from './incoming-frames'
import { Outbox } from './outbox'
import type { PayloadCodec } from './payload-codec'
import { codedError } from './protocol-errors'
import type { ProtocolItem } from './protocol-item'
import type { ProtocolTransport, ResolvedProtocolOptions } from './protocol-options'
import { ReceiveLoop } from './receive-loop'
import { ReceiveQueue } from './receive-queue'
import { CONTROL_TAG, WireFormat } from './wire-format'

/** How long a failing connection waits for its last frames (e.g. our hello) to flush before it is destroyed. */
const SHUTDOWN_GRACE_MS = 1000

/**
 * One connection carrying any number of named channels — opaque messages through payload codecs and Arrow
 * record batches — interleaved over any byte transport, wire-compatible with Rust Lightstream, with an
 * optional negotiated extension (handshake with registry check, more than 255 channels, frame limits).
 * Make one with `createProtocolConnection`.
 *
 * Register channels first, in the same order on both peers. The connection starts on the first `send`,
 * `sendTable`, `receive`, iteration, `ready` or `close` (it already reads, but handles nothing before).
 * Received items come out of the async iterator (or `receive()`) in the order the peer sent them; iterate
 * from one place at a time. Leaving a `for await` early does not close the connection.
 */
export class ProtocolConnection implements AsyncIterable<ProtocolItem> {
  /** Traffic counters. */
  readonly stats: ProtocolStats = { framesSent: 0, bytesSent: 0, framesReceived: 0, bytesReceived: 0 }
  /** Copies made while receiving: frames spanning chunks (`framingCopies`), buffers the IPC reader aligned (`copies`), delta concatenations. */
  readonly readStats: ReadStats
  readonly #transport: ProtocolTransport
  readonly #options: ResolvedProtocolOptions
  readonly #registry: ChannelRegistry
  readonly #outbox: Outbox
  readonly #handshake: Handshake
  readonly #inbox: ReceiveQueue<ProtocolItem>
  readonly #incoming: IncomingFrames
  readonly #loop: ReceiveLoop
  readonly #stop = new AbortController()
  #started = false
  #error: LightstreamError | undefined
  #closing: Promise<void> | undefined
  #sendDone = false
  #receiveDone = false
  readonly #decided: Promise<void>
  #decide!: (error?: LightstreamError) => void
  readonly #closed: Promise<void>
  #resolveClosed!: () => void

  /** @internal Use `createProtocolConnection`. */
  constructor(transport: ProtocolTransport, options: ResolvedProtocolOptions) {
    this.#transport = transport
    this.#options = options
    this.#registry = new ChannelRegistry(options.maxChannels)
    this.readStats = options.read.stats ?? createReadStats()
    this.#inbox = new ReceiveQueue(options.receiveQueueSize)
    this.#incoming = new IncomingFrames(this.#registry, { ...options.read, stats: this.readStats, signal: this.#stop.signal })
    const self = this
    this.#outbox = new Outbox(transport.sink, {
      registry: this.#registry,
      options,
      stats: this.stats,
      get negotiation() {
        return self.#handshake.negotiation
      },
      get failure() {
        return self.#error
      },
      get closing() {
        return self.#closing !== undefined
      },
      start: () => this.#start(),
      fail: (error) => this.#fail(error),
    })
    this.#handshake = new Handshake({
      registry: this.#registry,
      options,
      outbox: this.#outbox,
      decided: () => this.#decide(),
      fail: (error) => this.#fail(error),
    })
    this.#decided = new Promise<void>((resolve, reject) => {
      this.#decide = (error) => (error === undefined ? resolve() : reject(error))
    })
    this.#decided.catch(ignore)
    this.#closed = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve
    })
    this.#loop = new ReceiveLoop(
      {
        stats: this.stats,
        readStats: this.readStats,
        inbox: this.#inbox,
        get started() {
          return self.#started
        },
        get failed() {
          return self.#error !== undefined
        },
        onFrame: (frame) => this.#onFrame(frame),
        fail: (error) => this.#fail(this.#error ?? codedError(error, 'receiving failed')),
        done: () => {
          this.#receiveDone = true
          this.#maybeRelease()
        },
      },
      options.maxFrameSize,
      options.allocator,
    )
    void this.#loop.run(transport.source, this.#stop.signal)
    const signal = options.signal
    if (signal !== undefined) {
      const onAbort = (): void => this.destroy(new AbortError('The operation was aborted', { cause: signal.reason }))
      signal.addEventListener('abort', onAbort, { once: true })
      void this.#closed.then(() => signal.removeEventListener('abort', onAbort))
    }
  }

  /** `'pending'` until the handshake decided, then `'compatible'` (the Rust protocol) or `'extended'`. */
  get mode(): ProtocolMode {
    const state = this.#handshake.negotiation.state
    return state === 'extended' ? 'extended' : state === 'compatible' ? 'compatible' : 'pending'
  }

  /** Settles (never rejects) once both directions are finished and the transport was released or destroyed. */
  get closed(): Promise<void> {
    return this.#closed
  }

  /**
   * Register a message channel at the next index. O(1).
   * @param options.codec - how values become bytes; default {@link rawCodec} (`Uint8Array` in and out, no copy).
   * @throws InvalidArgumentError for a bad or duplicate name, a bad codec, too many channels, or after the
   *   handshake exchanged the registry.
   */
  registerMessage<T = Uint8Array>(name: string, options: { readonly codec?: PayloadCodec<T> } = {}): MessageChannel<T> {
    const entry = this.#registry.add(name, 'message', options.codec, undefined)
    const codec = entry.codec as PayloadCodec<T>
    return Object.freeze({
      kind: 'message' as const,
      name,
      index: entry.index,
      codec,
      send: (value: T, sendOptions?: SendOptions) => this.#send(() => this.#outbox.message(entry, value), sendOptions),
    })
  }

  /**
   * Register a table channel at the next index. O(1). With a `schema`, sent batches must match it, a
   * received stream with another schema fails with ProtocolError, and the handshake compares it.
   * @throws InvalidArgumentError as {@link ProtocolConnection.registerMessage}, or a schema that is not a Schema.
   */
  registerTable(name: string, schema?: Schema): TableChannel {
    const entry = this.#registry.add(name, 'table', undefined, schema)
    return Object.freeze({
      kind: 'table' as const,
      name,
      index: entry.index,
      schema,
      send: (table: Table | RecordBatch, sendOptions?: SendOptions) => this.#send(() => this.#outbox.table(entry, table), sendOptions),
    })
  }

  /**
   * Send `value` on message channel `name` (encoded by its codec; a `Uint8Array` for the default raw
   * codec) as one frame. Resolves when the transport accepted the frame, so awaiting each send runs no
   * faster than the peer reads. No copy of the encoded bytes; do not modify them until this resolves.
   * @throws (rejects) InvalidArgumentError an unknown channel or a table channel, or a value the codec cannot
   *   encode; FrameTooLargeError a payload over `maxFrameSize` (or the peer's declared limit; nothing is sent
   *   and the connection stays usable); UnsupportedFeatureError a channel index above 254 (255 with
   *   `'off'`) without the extended mode; SinkClosedError after close or when the transport failed;
   *   HandshakeError / ProtocolError when the connection failed; AbortError from the signal.
   */
  send(name: string, value: unknown, options?: SendOptions): Promise<void> {
    return this.#send(() => this.#outbox.message(this.#registry.get(name, 'message'), value), options)
  }

  /**
   * Send every record batch of `table` (or the one `batch`) on table channel `name`, one frame per batch:
   * the first frame of the channel carries the Schema message and its dictionaries; later ones only what
   * changed (nothing for an unchanged dictionary, a delta for one that grew, a replacement otherwise) and
   * the RecordBatch message. Resolves when the transport accepted the last frame. No copy: the frames'
   * parts are the batches' own buffers (plus small headers and padding). A Table without batches sends nothing.
   * @throws (rejects) InvalidArgumentError an unknown or message channel, not a Table/RecordBatch, a batch
   *   that does not match the channel's schema; InvalidDataError a buffer the type needs is missing; a
   *   FrameTooLargeError for a batch whose frame is over the limit (the batches before it were sent; the
   *   channel's next frame restarts the IPC stream); the errors of {@link ProtocolConnection.send}.
   */
  sendTable(name: string, table: Table | RecordBatch, options?: SendOptions): Promise<void> {
    return this.#send(() => this.#outbox.table(this.#registry.get(name, 'table'), table), options)
  }

  /**
   * The next received item, or undefined once the peer ended its side. Waits when nothing is there yet.
   * @throws (rejects) the connection's error (after the items received before it); AbortError from the
   *   signal (no item is lost).
   */
  async receive(options: { readonly signal?: AbortSignal } = {}): Promise<ProtocolItem | undefined> {
    const signal = checkSignal(options.signal)
    this.#start()
    const result = await this.#inbox.next(signal)
    return result.done === true ? undefined : result.value
  }

  /** Received items in order, until the peer ends its side; throws the connection's error after the items before it. */
  [Symbol.asyncIterator](): AsyncIterator<ProtocolItem> {
    this.#start()
    const inbox = this.#inbox
    return {
      next: () => inbox.next(),
      return: () => Promise.resolve({ done: true, value: undefined }),
    }
  }

  /**
   * Start the connection and wait until the handshake decided the mode (at once for `'off'` and
   * `'accept'`, which decide with the first frame either way).
   * @throws (rejects) HandshakeError / the connection's error; AbortError from the signal.
   */
  async ready(options: { readonly signal?: AbortSignal } = {}): Promise<ProtocolMode> {
    const signal = checkSignal(options.signal)
    this.#start()
    await raceSignal(this.#decided, signal)
    return this.mode
  }

  /**
   * Orderly close of our sending side: frames held for the handshake go first, everything queued is
   * written, then the transport's sink is closed (the peer's iteration ends). Receiving goes on until the
   * peer closes its side; then the transport is released and `closed` settles. Calling it again returns
   * the same promise.
   * @throws (rejects) SinkClosedError when the transport failed; the connection's error; AbortError from the signal.
   */
  close(options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    try {
      const signal = checkSignal(options.signal)
      this.#closing ??= this.#closeSending()
      return raceSignal(this.#closing, signal)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Abrupt close: pending sends and receives reject, received items not yet consumed are dropped, the
   * transport is destroyed. Idempotent. Items and sends reject with `reason` when it is a Lightstream
   * error, otherwise with an AbortError whose `cause` is `reason`.
   */
  destroy(reason?: unknown): void {
    if (this.#error !== undefined) return
    const error = reason instanceof LightstreamError ? reason : new AbortError('the protocol connection was destroyed', { cause: reason })
    this.#failNow(error, true)
    void this.#outbox.writer.abort(error)
    this.#release(error)
  }

  // ---- internals ----------------------------------------------------------------------------------------

  /** Run a send, turning synchronous throws into rejections and racing the signal. */
  #send(run: () => Promise<void>, options: SendOptions | undefined): Promise<void> {
    try {
      const signal = checkSignal(options?.signal)
      return raceSignal(run(), signal)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  #start(): void {
    if (this.#started || this.#error !== undefined) return
    this.#started = true
    this.#handshake.start()
    // A frame that arrived before the start (typically the peer's hello) is handled now, synchronously.
    try {
      this.#loop.takeParked((frame) => this.#onFrame(frame))
    } catch (error) {
      this.#fail(codedError(error, 'receiving failed'))
    }
  }

  /** One received frame: handshake bookkeeping, then its items. */
  #onFrame(frame: TlvFrame): readonly ProtocolItem[] {
    const control = this.#options.handshake !== 'off'
    if (!control || frame.tag !== CONTROL_TAG) this.#handshake.onNormalFrame(frame.tag)
    const routed = this.#incoming.route(frame, { control, wide: this.#handshake.negotiation.state === 'extended' })
    if (routed.type === 'items') return routed.items
    if (routed.kind === WireFormat.helloKind) this.#handshake.onHello(routed.body)
    return [] // other control kinds are for later versions: ignored
  }

  async #closeSending(): Promise<void> {
    this.#start()
    await this.#decided.catch(ignore) // held frames go first (or were rejected)
    if (this.#error !== undefined) throw this.#error
    await this.#outbox.flushed() // gathered frames first
    if (this.#error !== undefined) throw this.#error
    try {
      await this.#outbox.writer.close()
    } catch (error) {
      throw this.#error ?? codedError(error, 'closing failed')
    }
    this.#sendDone = true
    this.#maybeRelease()
  }

  /** Both directions are done: release the transport (a Connection's close), then settle `closed`. */
  #maybeRelease(): void {
    if (this.#error !== undefined || !this.#sendDone || !this.#receiveDone) return
    this.#incoming.close()
    const release = (): Promise<void> | void => this.#transport.close?.()
    void Promise.resolve(this.#outbox.sinkClosing)
      .then(release)
      .then(undefined, ignore)
      .then(this.#resolveClosed)
  }

  /** Record the failure and tell everyone waiting. */
  #failNow(error: LightstreamError, discard: boolean): void {
    this.#error = error
    this.#handshake.stop()
    this.#outbox.rejectHeld(error)
    this.#inbox.fail(error, discard)
    this.#decide(error)
    this.#incoming.close()
    this.#loop.wake()
  }

  /** A protocol, handshake or transport failure: flush what was written (briefly), then destroy the transport. */
  #fail(error: LightstreamError): void {
    if (this.#error !== undefined) return
    this.#failNow(error, false)
    let grace: ReturnType<typeof setTimeout> | undefined
    const timeUp = new Promise<void>((resolve) => {
      grace = setTimeout(resolve, SHUTDOWN_GRACE_MS)
    })
    const writer = this.#outbox.writer
    void Promise.race([writer.close().catch(ignore), timeUp]).then(() => {
      clearTimeout(grace)
      void writer.abort(error)
      this.#release(error)
    })
  }

  #release(error: LightstreamError): void {
    this.#stop.abort(error)
    try {
      if (this.#transport.destroy !== undefined) this.#transport.destroy(error)
      else void Promise.resolve(this.#transport.sink.abort(error)).catch(ignore)
    } catch {
      // a transport that throws while being destroyed is gone either way
    }
    this.#resolveClosed()
  }
}
