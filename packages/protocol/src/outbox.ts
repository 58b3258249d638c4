import {
  FrameTooLargeError,
  InvalidArgumentError,
  LightstreamError,
  SinkClosedError,
  UnsupportedFeatureError,
  type ByteSink,
  type RecordBatch,
  type Table,
} from '@lightstream/core'
import { FrameWriter } from '@lightstream/framing'
import { ignore } from './abort'
import type { ChannelEntry, ChannelRegistry } from './channel-registry'
import type { ProtocolStats } from './channel-handles'
import type { Negotiation } from './negotiation'
import { OutgoingFrameEncoder, type OutgoingFrame } from './outgoing-frame-encoder'
import { codedError } from './protocol-errors'
import type { ResolvedProtocolOptions } from './protocol-options'
import { TableSender, batchesOf, type TablePayload } from './table-sender'
import { COMPAT_CHANNELS, WIDE_TAG, WireFormat } from './wire-format'

/** What the outbox needs from its connection. @internal */
export interface OutboxHost {
  readonly registry: ChannelRegistry
  readonly options: ResolvedProtocolOptions
  readonly negotiation: Negotiation
  readonly stats: ProtocolStats
  /** The connection's failure, once it failed. */
  readonly failure: LightstreamError | undefined
  /** True once `close()` was called. */
  readonly closing: boolean
  /** Start the connection (idempotent). */
  start(): void
  /** Fail the connection (the first failure wins). */
  fail(error: LightstreamError): void
}

/** Most payload bytes gathered into one vectored write while the previous one is in flight. */
const MAX_BATCH_BYTES = 1 << 20

/** Frames gathered while a write is in flight, written together next. */
interface Batch {
  readonly frames: OutgoingFrame[]
  bytes: number
  readonly done: Promise<void>
  resolve(): void
  reject(error: unknown): void
}

/** A frame waiting for the handshake's decision. */
interface Held {
  readonly frame: OutgoingFrame
  readonly sender: TableSender | undefined
  resolve(): void
  reject(error: unknown): void
}

/**
 * The sending side of a connection: encodes messages (through their codec) and tables (through the
 * channel's {@link TableSender}) in call order, holds channel frames while the handshake is undecided,
 * checks each frame against the mode and the frame limits, and queues it on a FrameWriter, which writes
 * the header and the payload parts to the transport with backpressure (vectored, no copy). Frames queued
 * while a write is in flight are gathered (up to 1 MiB) and go out in the next vectored write, so many small
 * messages cost one transport write, not one each; every send still resolves only when its frame was
 * accepted.
 * @internal
 */
export class Outbox {
  readonly encoder = new OutgoingFrameEncoder()
  readonly writer: FrameWriter<readonly OutgoingFrame[]>
  /** The peer's declared limit, once the extended mode is on. */
  peerMaxFrameSize = Number.POSITIVE_INFINITY
  /** The transport sink's close, once it was called (not awaited by `close()`; see {@link Outbox.sinkView}). */
  sinkClosing: Promise<void> | undefined
  readonly #host: OutboxHost
  readonly #senders = new Map<number, TableSender>()
  #held: Held[] = []
  /** A write is in flight; frames queued meanwhile wait in `#batches`. */
  #busy = false
  readonly #batches: Batch[] = []
  #lastWrite: Promise<void> = Promise.resolve()

  constructor(sink: ByteSink, host: OutboxHost) {
    this.#host = host
    this.writer = new FrameWriter(this.sinkView(sink), this.encoder)
  }

  /**
   * The transport's sink as the writer sees it. `close()` ends our side without waiting for the transport's
   * close to settle: some transports (a WebSocket's end marker) settle it only once the peer has ended too,
   * and our close must not wait for the peer. Every frame was accepted by then (each write resolved).
   */
  sinkView(sink: ByteSink): ByteSink {
    const view: ByteSink = {
      write: (chunk) => sink.write(chunk),
      close: () => {
        this.sinkClosing = Promise.resolve()
          .then(() => sink.close())
          .then(undefined, ignore)
      },
      abort: (reason) => sink.abort(reason),
    }
    if (typeof sink.writev === 'function') view.writev = (chunks) => sink.writev!(chunks)
    return view
  }

  /**
   * Encode `value` with the channel's codec and send it.
   * @throws InvalidArgumentError (synchronously) when the codec fails or returns something else than bytes.
   */
  message(entry: ChannelEntry, value: unknown): Promise<void> {
    const codec = entry.codec!
    let bytes: unknown
    try {
      bytes = codec.encode(value)
    } catch (cause) {
      throw cause instanceof InvalidArgumentError ? cause : new InvalidArgumentError(`message channel "${entry.name}": the ${codec.name} codec could not encode the value`, { cause })
    }
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`message channel "${entry.name}": the ${codec.name} codec did not return a Uint8Array`)
    return this.#submit(entry, { parts: [bytes], length: bytes.byteLength }, undefined)
  }

  /**
   * Encode and send every batch of `input`, one frame each; resolves when all were accepted.
   * @throws InvalidArgumentError (synchronously) for an input that is not a Table or RecordBatch.
   */
  table(entry: ChannelEntry, input: Table | RecordBatch): Promise<void> {
    const batches = batchesOf(input, entry.name)
    let sender = this.#senders.get(entry.index)
    if (sender === undefined) {
      sender = new TableSender(entry.name, entry.schema, this.#host.options.ipc)
      this.#senders.set(entry.index, sender)
    }
    const writes: Promise<void>[] = []
    for (const batch of batches) {
      let payload: TablePayload
      try {
        payload = sender.encode(batch)
      } catch (error) {
        writes.push(Promise.reject(error))
        break
      }
      writes.push(this.#submit(entry, payload, sender))
      if (this.#host.failure !== undefined) break
    }
    return Promise.all(writes).then(() => undefined)
  }

  /** Queue a control frame now (the hello), ahead of anything held. */
  control(payload: Uint8Array): Promise<void> {
    return this.#queue({ index: -1, parts: [payload], length: payload.length })
  }

  /** The handshake decided: write the held frames in order (a frame over the peer's limit poisons its channel's later ones). */
  flushHeld(): void {
    const held = this.#held
    this.#held = []
    const poisoned = new Map<number, LightstreamError>()
    for (const h of held) {
      const earlier = poisoned.get(h.frame.index)
      if (earlier !== undefined) {
        h.reject(earlier)
        continue
      }
      try {
        this.#write(h.frame, h.sender).then(h.resolve, h.reject)
      } catch (error) {
        if (h.sender !== undefined && error instanceof LightstreamError) poisoned.set(h.frame.index, error)
        h.reject(error)
      }
    }
  }

  /** Reject every held frame. */
  rejectHeld(error: LightstreamError): void {
    for (const h of this.#held.splice(0)) h.reject(error)
  }

  /** Hand one channel frame to the writer now, or hold it until the handshake decided. */
  #submit(entry: ChannelEntry, payload: TablePayload, sender: TableSender | undefined): Promise<void> {
    const host = this.#host
    if (host.failure !== undefined) return Promise.reject(host.failure)
    if (host.closing) return Promise.reject(new SinkClosedError('the protocol connection is closing: no frame may follow close()'))
    host.start()
    const frame: OutgoingFrame = { index: entry.index, parts: payload.parts, length: payload.length }
    if (!host.negotiation.beforeSend()) {
      return new Promise<void>((resolve, reject) => this.#held.push({ frame, sender, resolve, reject }))
    }
    try {
      return this.#write(frame, sender)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Check a channel frame against the mode and the limits, then queue it on the writer. A table frame
   * that cannot go resets its channel's IPC stream, so the receiver never sees a delta it cannot apply.
   * @throws UnsupportedFeatureError, FrameTooLargeError (synchronously: nothing was queued).
   */
  #write(frame: OutgoingFrame, sender: TableSender | undefined): Promise<void> {
    const { registry, options, negotiation } = this.#host
    const entry = registry.at(frame.index)!
    const extended = negotiation.state === 'extended'
    const narrowMax = options.handshake === 'off' ? COMPAT_CHANNELS : COMPAT_CHANNELS - 1
    if (!extended && frame.index > narrowMax) {
      sender?.reset()
      throw new UnsupportedFeatureError(
        `channel "${entry.name}" has index ${frame.index}: without the extended mode (a handshake both peers agreed on) only ` +
          `indices 0..${narrowMax} fit in the one-byte tag`,
      )
    }
    const size = frame.length + (extended && frame.index >= WIDE_TAG ? 4 : 0)
    const limit = Math.min(options.maxFrameSize, extended ? this.peerMaxFrameSize : Number.POSITIVE_INFINITY)
    if (size > limit) {
      sender?.reset()
      const whose = limit < options.maxFrameSize ? "the peer's declared maxFrameSize" : 'maxFrameSize'
      throw new FrameTooLargeError(`a ${size}-byte frame on channel "${entry.name}" exceeds ${whose} (${limit} bytes)`, size, limit)
    }
    return this.#queue(frame)
  }

  /** Resolves once every frame queued so far was written (or failed). */
  flushed(): Promise<void> {
    return this.#lastWrite.then(undefined, ignore)
  }

  #queue(frame: OutgoingFrame): Promise<void> {
    const host = this.#host
    host.stats.framesSent++
    host.stats.bytesSent += frame.length + (frame.index >= WIDE_TAG && this.encoder.wide ? WireFormat.wideHeaderSize : WireFormat.headerSize)
    if (!this.#busy) return this.#writeNow([frame])
    let batch = this.#batches[this.#batches.length - 1]
    if (batch === undefined || batch.bytes >= MAX_BATCH_BYTES) {
      let resolve!: () => void
      let reject!: (error: unknown) => void
      const done = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      batch = { frames: [], bytes: 0, done, resolve, reject }
      this.#batches.push(batch)
    }
    batch.frames.push(frame)
    batch.bytes += frame.length
    this.#lastWrite = batch.done
    return batch.done
  }

  /** Hand `frames` to the writer; when it is done, the next gathered batch goes. */
  #writeNow(frames: readonly OutgoingFrame[]): Promise<void> {
    this.#busy = true
    const host = this.#host
    const written = this.writer.write(frames).catch((error: unknown) => {
      const coded = codedError(error, 'sending failed')
      if (host.failure === undefined) host.fail(coded)
      throw host.failure ?? coded
    })
    this.#lastWrite = written
    const next = (): void => {
      const batch = this.#batches.shift()
      if (batch === undefined) this.#busy = false
      else this.#writeNow(batch.frames).then(batch.resolve, batch.reject)
    }
    written.then(next, next)
    return written
  }
}
