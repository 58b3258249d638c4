import { LightstreamError, type LightstreamErrorOptions } from '@lightstream/core'

/**
 * The errors of the transports. Like every Lightstream error they extend `LightstreamError` and carry a
 * stable `code`; the socket or HTTP failure behind one is kept as `cause`. Aborts through an AbortSignal
 * are core's `AbortError` (code `ERR_ABORTED`).
 */

/** The codes of the transport errors. */
export const AsyncErrorCode = {
  /** The connection ended abnormally: reset by the peer, destroyed, or closed in the middle of the stream. */
  ConnectionClosed: 'ERR_CONNECTION_CLOSED',
  /** A connection could not be made (refused, unreachable, bad address). */
  Connect: 'ERR_CONNECT',
  /** An optional idle or operation timeout expired. */
  Timeout: 'ERR_TIMEOUT',
  /** An HTTP response had a status outside 200–299. */
  HttpStatus: 'ERR_HTTP_STATUS',
} as const

/**
 * The connection ended abnormally: the peer reset it, it was destroyed, or it failed while a read or write
 * was pending. Code `ERR_CONNECTION_CLOSED`; `cause` holds the socket error or destroy reason, if any.
 */
export class ConnectionClosedError extends LightstreamError {
  override name = 'ConnectionClosedError'
  declare readonly code: typeof AsyncErrorCode.ConnectionClosed
  constructor(message = 'The connection was closed', options?: LightstreamErrorOptions) {
    super(message, AsyncErrorCode.ConnectionClosed, options)
  }
}

/** A connection could not be established. Code `ERR_CONNECT`; `cause` holds the system error (ECONNREFUSED, ...). */
export class ConnectError extends LightstreamError {
  override name = 'ConnectError'
  declare readonly code: typeof AsyncErrorCode.Connect
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, AsyncErrorCode.Connect, options)
  }
}

/** An optional timeout expired (idle socket, slow connect). Code `ERR_TIMEOUT`. */
export class TimeoutError extends LightstreamError {
  override name = 'TimeoutError'
  declare readonly code: typeof AsyncErrorCode.Timeout
  /** The timeout that expired, in milliseconds. */
  readonly timeout: number
  constructor(message: string, timeout: number, options?: LightstreamErrorOptions) {
    super(message, AsyncErrorCode.Timeout, options)
    this.timeout = timeout
  }
}

/** An HTTP response with a status outside 200–299. Code `ERR_HTTP_STATUS`; `status` is the response's. */
export class HttpStatusError extends LightstreamError {
  override name = 'HttpStatusError'
  declare readonly code: typeof AsyncErrorCode.HttpStatus
  /** The HTTP status code received. */
  readonly status: number
  constructor(message: string, status: number, options?: LightstreamErrorOptions) {
    super(message, AsyncErrorCode.HttpStatus, options)
    this.status = status
  }
}
