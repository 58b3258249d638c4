import { LightstreamError, type LightstreamErrorOptions } from '@lightstream/core'

/** The stable codes of the protocol's own errors. */
export const ProtocolErrorCode = {
  /** The peer broke the protocol: an unknown channel tag, a malformed control frame or table payload. */
  Protocol: 'ERR_PROTOCOL',
  /** The handshake failed: the registries differ, the peer did not answer a required handshake, a bad hello. */
  Handshake: 'ERR_PROTOCOL_HANDSHAKE',
} as const

/**
 * The peer sent bytes that break the Lightstream protocol (the TLV framing itself was fine): a tag no
 * channel was registered for, a control frame that cannot be read, a table payload that is not a sequence
 * of whole Arrow IPC messages, a schema that differs from the registered one, or an operation on the wrong
 * kind of channel. The connection cannot continue after it: it is closed. Code `ERR_PROTOCOL`.
 *
 * @example
 * ```ts
 * try { for await (const item of connection) use(item) } catch (err) {
 *   if (err instanceof ProtocolError) console.error(err.code, err.message) // 'ERR_PROTOCOL' ...
 * }
 * ```
 */
export class ProtocolError extends LightstreamError {
  override name = 'ProtocolError'
  /** The channel concerned, when there is one. */
  readonly channel: string | undefined

  constructor(message: string, options: LightstreamErrorOptions & { channel?: string } = {}, code: string = ProtocolErrorCode.Protocol) {
    super(message, code, options)
    this.channel = options.channel
  }
}

/**
 * The optional handshake failed, so no data was exchanged: the two registries differ (`channel` names the
 * first channel that differs and the message says how), the peer answered with a hello this version cannot
 * read, or — with `handshake: 'require'` — the peer sent a normal frame first or did not answer within
 * `handshakeTimeout`. Both peers of a registry mismatch report it, each from its own side.
 * Code `ERR_PROTOCOL_HANDSHAKE`.
 */
export class HandshakeError extends ProtocolError {
  override name = 'HandshakeError'

  constructor(message: string, options: LightstreamErrorOptions & { channel?: string } = {}) {
    super(message, options, ProtocolErrorCode.Handshake)
  }
}

/** `error` when it is a coded Lightstream error, otherwise a ProtocolError saying what failed, with `error` as cause. @internal */
export function codedError(error: unknown, what: string): LightstreamError {
  if (error instanceof LightstreamError) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new ProtocolError(`${what}: ${detail}`, { cause: error })
}
