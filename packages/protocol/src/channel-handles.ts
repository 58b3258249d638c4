import type { RecordBatch, Schema, Table } from '@lightstream/core'
import type { PayloadCodec } from './payload-codec'

/** Per-call options of the sending methods. */
export interface SendOptions {
  /**
   * Stop waiting with AbortError. The frame was already handed to the connection in call order and may
   * still be written (a table channel's stream state depends on it); abort the connection to stop it.
   */
  readonly signal?: AbortSignal
}

/** A registered message channel, typed by its codec. Returned by `registerMessage`. */
export interface MessageChannel<T> {
  readonly kind: 'message'
  readonly name: string
  /** Registration index: the channel's tag on the wire. */
  readonly index: number
  readonly codec: PayloadCodec<T>
  /**
   * Encode `value` with the codec and send it as one frame; resolves when the transport accepted it
   * (backpressure). Same as `connection.send(name, value)`.
   * @throws (rejects) see {@link ProtocolConnection.send}.
   */
  send(value: T, options?: SendOptions): Promise<void>
}

/** A registered table channel. Returned by `registerTable`. */
export interface TableChannel {
  readonly kind: 'table'
  readonly name: string
  readonly index: number
  /** The declared schema, when one was given. */
  readonly schema: Schema | undefined
  /**
   * Send every record batch of `table` (or the one batch), one frame each; resolves when the transport
   * accepted the last. Same as `connection.sendTable(name, table)`.
   * @throws (rejects) see {@link ProtocolConnection.sendTable}.
   */
  send(table: Table | RecordBatch, options?: SendOptions): Promise<void>
}

/** What the connection's traffic has been so far. */
export interface ProtocolStats {
  /** Frames handed to the transport (control frames included). */
  framesSent: number
  /** Bytes of those frames, headers included. */
  bytesSent: number
  /** Frames received (control frames included). */
  framesReceived: number
  /** Bytes of those frames, headers included. */
  bytesReceived: number
}

/** Where the connection stands: the handshake is not decided yet, or the mode it settled on. */
export type ProtocolMode = 'pending' | 'compatible' | 'extended'
