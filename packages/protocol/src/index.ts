/**
 * @packageDocumentation
 * One connection, many named channels: opaque messages (through payload codecs: raw bytes, JSON,
 * MessagePack or your own) and Arrow tables, interleaved over any byte transport. Wire-compatible with Rust
 * Lightstream — TLV frames `[tag u8][len u32 LE][payload]`, the tag being the channel's registration index,
 * table payloads being Arrow IPC stream messages (schema and dictionaries once, then only what changed:
 * dictionary deltas or replacements, record batches) — plus an optional negotiated handshake that checks
 * both registries, allows more than 255 channels and enforces frame limits. Sends resolve when the
 * transport accepted the frame (backpressure); received batches are views of the received bytes.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { connectionPair } from '@lightstream/async'
 * import { createProtocolConnection, jsonCodec } from '@lightstream/protocol'
 *
 * const [left, right] = connectionPair()
 * const a = createProtocolConnection(left)
 * const b = createProtocolConnection(right)
 * for (const peer of [a, b]) {
 *   peer.registerMessage('greeting', { codec: jsonCodec<{ text: string }>() }) // tag 0
 *   peer.registerTable('points')                                              // tag 1
 * }
 * await a.send('greeting', { text: 'hello' })
 * await a.sendTable('points', tableFromArrays({ x: Float64Array.of(1, 2, 3) }))
 * await a.close()
 * for await (const item of b) {
 *   if (item.kind === 'message') console.log(item.channel, item.value)      // greeting { text: 'hello' }
 *   else console.log(item.channel, item.batch.numRows)                      // points 3
 * }
 * await b.close()
 * ```
 */
export { createProtocolConnection } from './create-protocol-connection'
export { ProtocolConnection } from './protocol-connection'
export type { HandshakeMode, ProtocolOptions, ProtocolTransport } from './protocol-options'
export type { MessageChannel, ProtocolMode, ProtocolStats, SendOptions, TableChannel } from './channel-handles'
export type { MessageItem, ProtocolItem, TableItem } from './protocol-item'
export type { ChannelKind } from './channel-registry'
export { rawCodec, jsonCodec } from './payload-codec'
export type { JsonCodecOptions, PayloadCodec } from './payload-codec'
export { msgpackCodec } from './msgpack-codec'
export type { MsgpackCodecOptions } from './msgpack-codec'
export { HandshakeError, ProtocolError, ProtocolErrorCode } from './protocol-errors'
export {
  COMPAT_CHANNELS,
  CONTROL_TAG,
  DEFAULT_MAX_CHANNELS,
  DEFAULT_MAX_FRAME_SIZE,
  MAX_FRAME_SIZE_LIMIT,
  WIDE_TAG,
  WireFormat,
} from './wire-format'
export type { Hello, HelloChannel } from './hello'
export type { FieldSummary } from './schema-summary'
