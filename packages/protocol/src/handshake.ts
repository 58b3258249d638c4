import type { LightstreamError } from '@lightstream/core'
import { ignore } from './abort'
import type { ChannelRegistry } from './channel-registry'
import { decodeHello, encodeHello, registryMismatch } from './hello'
import { Negotiation } from './negotiation'
import type { Outbox } from './outbox'
import { HandshakeError, ProtocolError } from './protocol-errors'
import type { ResolvedProtocolOptions } from './protocol-options'
import { WIDE_TAG } from './wire-format'

/** What the handshake needs from its connection. @internal */
export interface HandshakeHost {
  readonly registry: ChannelRegistry
  readonly options: ResolvedProtocolOptions
  readonly outbox: Outbox
  /** The mode is decided (wakes `ready()`). */
  decided(): void
  fail(error: LightstreamError): void
}

/**
 * Runs the optional handshake over a connection: sends our hello (`'offer'`/`'require'` at the start,
 * `'accept'` in answer), checks the peer's registry against ours, switches the writer to wide tags and
 * the peer's frame limit, releases the frames held meanwhile, and applies `handshakeTimeout`. The decisions
 * themselves are {@link Negotiation}'s.
 * @internal
 */
export class Handshake {
  readonly negotiation: Negotiation
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly host: HandshakeHost) {
    this.negotiation = new Negotiation(host.options.handshake)
  }

  /** The connection starts. */
  start(): void {
    const negotiation = this.negotiation
    if (negotiation.start() === 'send-hello') {
      this.#sendHello()
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#onTimeout()
      }, this.host.options.handshakeTimeout)
    } else if (negotiation.state !== 'waiting') this.host.decided()
  }

  /** Stop the timer (the connection failed or closed). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  /**
   * A channel frame arrived (before it is routed).
   * @throws HandshakeError when a handshake was required and the peer spoke first without one.
   */
  onNormalFrame(tag: number): void {
    const step = this.negotiation.onNormalFrame()
    if (step === 'fail') {
      throw new HandshakeError(`handshake required, but the peer's first frame was a normal frame (tag ${tag}): it does not speak the extension`)
    }
    if (step === 'compatible') this.#settle()
  }

  /**
   * A hello arrived.
   * @throws HandshakeError a hello we cannot read, or registries that differ; ProtocolError a second hello.
   */
  onHello(body: Uint8Array): void {
    const { registry, options, outbox } = this.host
    const step = this.negotiation.onHello()
    if (step === 'duplicate') throw new ProtocolError('the peer sent a second hello')
    if (step === 'ignore') {
      // We committed to the compatibility mode first. Harmless unless wide tags could be in play.
      const peer = decodeHello(body)
      if (options.handshake !== 'accept' && Math.max(peer.channels.length, registry.size) > WIDE_TAG) {
        throw new HandshakeError(
          `the peer's hello arrived after handshakeTimeout (${options.handshakeTimeout} ms); with more than ${WIDE_TAG} channels the two sides ` +
            'would read tags differently. Raise handshakeTimeout',
        )
      }
      return
    }
    if (step === 'answer-and-extend') this.#sendHello() // first, so the peer can diagnose a mismatch too
    const peer = decodeHello(body)
    const mismatch = registryMismatch(registry.entries, peer.channels)
    if (mismatch !== undefined) throw mismatch
    outbox.peerMaxFrameSize = peer.maxFrameSize
    outbox.encoder.wide = true
    this.negotiation.extended()
    this.#settle()
  }

  #sendHello(): void {
    const { registry, options, outbox } = this.host
    registry.freeze('the channel registry was already sent in the handshake')
    outbox.control(encodeHello(registry.entries, options.maxFrameSize)).catch(ignore)
  }

  #onTimeout(): void {
    const step = this.negotiation.onTimeout()
    if (step === 'fail') {
      this.host.fail(new HandshakeError(`handshake required, but the peer sent nothing within handshakeTimeout (${this.host.options.handshakeTimeout} ms)`))
    } else if (step === 'compatible') this.#settle()
  }

  /** The mode is decided: stop the timer, release held frames, wake `ready()`. */
  #settle(): void {
    this.stop()
    this.host.outbox.flushHeld()
    this.host.decided()
  }
}
