import type { RecordBatch, Schema } from '@lightstream/core'

/** A message received on a message channel, decoded by the channel's codec. */
export interface MessageItem<T = unknown> {
  readonly kind: 'message'
  /** The channel's name. */
  readonly channel: string
  /** The channel's registration index (its tag on the wire). */
  readonly index: number
  /** The decoded value: for the default raw codec, a view of the received bytes (no copy). */
  readonly value: T
}

/** A record batch received on a table channel. */
export interface TableItem {
  readonly kind: 'table'
  readonly channel: string
  readonly index: number
  /** Columns are views of the received frame (zero copy), except buffers the IPC reader had to align. */
  readonly batch: RecordBatch
  /** The channel's schema in force (the one of its IPC stream). */
  readonly schema: Schema
}

/** What the connection's async iterator yields, in the order the peer sent it. */
export type ProtocolItem = MessageItem | TableItem
