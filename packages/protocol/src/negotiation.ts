import type { HandshakeMode } from './protocol-options'

/**
 * Where the handshake stands:
 * - `idle`: nothing started yet (channels may still be registered);
 * - `undecided`: `'accept'` mode, nothing sent or received yet;
 * - `waiting`: `'offer'`/`'require'` sent their hello and wait for the peer's first frame;
 * - `compatible`: plain Rust protocol (narrow tags only);
 * - `extended`: both hellos exchanged and the registries agree.
 */
export type NegotiationState = 'idle' | 'undecided' | 'waiting' | 'compatible' | 'extended'

/** What to do about an event. @internal */
export type NegotiationStep =
  /** Nothing changes. */
  | 'none'
  /** Send our hello (before anything else). */
  | 'send-hello'
  /** Answer the peer's hello with ours, then check the registries and switch to extended. */
  | 'answer-and-extend'
  /** Check the registries and switch to extended. */
  | 'extend'
  /** Switch to the compatibility mode and release held frames. */
  | 'compatible'
  /** Drop this hello (it came after we committed to the compatibility mode). */
  | 'ignore'
  /** A handshake that was required did not happen. */
  | 'fail'
  /** A second hello: a protocol violation. */
  | 'duplicate'

/**
 * The handshake decisions, free of I/O so every path is easy to follow. The rule that keeps both peers
 * consistent: the mode is decided by the first frame each side receives, and an `'accept'` side answers a
 * hello only when it has not sent a normal frame yet (so the offering peer, which holds its frames, receives
 * our hello as our first frame). Frames of the compatibility mode are valid in the extended mode, so a late
 * hello that is ignored leaves a working connection.
 * @internal
 */
export class Negotiation {
  state: NegotiationState = 'idle'

  constructor(readonly mode: HandshakeMode) {}

  /** The connection starts (first send, receive, ready or close). */
  start(): NegotiationStep {
    if (this.state !== 'idle') return 'none'
    switch (this.mode) {
      case 'off':
        this.state = 'compatible'
        return 'none'
      case 'accept':
        this.state = 'undecided'
        return 'none'
      default:
        this.state = 'waiting'
        return 'send-hello'
    }
  }

  /** A normal frame is about to be sent: true when it may go now, false when it must wait for the decision. */
  beforeSend(): boolean {
    if (this.state === 'undecided') this.state = 'compatible' // we spoke first: the peer will see a normal frame
    return this.state !== 'waiting'
  }

  /** A hello arrived. */
  onHello(): NegotiationStep {
    switch (this.state) {
      case 'undecided':
        return 'answer-and-extend'
      case 'waiting':
        return 'extend'
      case 'compatible':
        return 'ignore'
      default:
        return 'duplicate'
    }
  }

  /** The registries agreed: the extended mode is on. */
  extended(): void {
    this.state = 'extended'
  }

  /** A normal (channel) frame arrived. */
  onNormalFrame(): NegotiationStep {
    if (this.state === 'undecided') {
      this.state = 'compatible'
      return 'none' // nothing was held
    }
    if (this.state !== 'waiting') return 'none'
    if (this.mode === 'require') return 'fail'
    this.state = 'compatible'
    return 'compatible'
  }

  /** `handshakeTimeout` passed without any frame from the peer. */
  onTimeout(): NegotiationStep {
    if (this.state !== 'waiting') return 'none'
    if (this.mode === 'require') return 'fail'
    this.state = 'compatible'
    return 'compatible'
  }
}
