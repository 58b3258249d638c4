import { InvalidDataError } from '@lightstream/core'
import type { IpcStreamReaderOptions } from '@lightstream/ipc'
import type { TlvFrame } from '@lightstream/tlv'
import type { ChannelEntry, ChannelRegistry } from './channel-registry'
import type { ProtocolItem } from './protocol-item'
import { ProtocolError } from './protocol-errors'
import { TableReceiver } from './table-receiver'
import { CONTROL_TAG, WIDE_TAG, readU32 } from './wire-format'

/** A received frame, once its tag is understood. @internal */
export type RoutedFrame =
  | { readonly type: 'control'; readonly kind: number; readonly body: Uint8Array }
  | { readonly type: 'items'; readonly items: readonly ProtocolItem[] }

/** How tags are read right now. @internal */
export interface TagRules {
  /** Tag 255 is the control tag (every handshake mode but `'off'`). */
  readonly control: boolean
  /** Tag 254 is the wide tag (extended mode). */
  readonly wide: boolean
}

/**
 * Turns received TLV frames into items: finds the channel of the tag (or of the wide frame's index),
 * decodes a message with the channel's codec, and hands a table payload to the channel's
 * {@link TableReceiver} (created on its first payload). Control frames are returned for the connection to
 * act on. Pure apart from the table readers' state; O(payload metadata) per frame, no copy of payloads.
 * @internal
 */
export class IncomingFrames {
  readonly #tables = new Map<number, TableReceiver>()

  constructor(
    private readonly registry: ChannelRegistry,
    private readonly readOptions: IpcStreamReaderOptions,
  ) {}

  /**
   * Route one frame.
   * @throws ProtocolError an unknown tag or channel index, a wide frame shorter than its index, a bad table
   *   payload; InvalidDataError a message its codec cannot decode; the IPC reader's errors.
   */
  route(frame: TlvFrame, rules: TagRules): RoutedFrame {
    const tag = frame.tag
    let payload = frame.payload
    // Some transports hand out Node Buffers: view the same bytes as a plain Uint8Array (O(1), no copy).
    if (payload.constructor !== Uint8Array) payload = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
    if (rules.control && tag === CONTROL_TAG) {
      if (payload.length === 0) throw new ProtocolError('an empty control frame')
      return { type: 'control', kind: payload[0]!, body: payload.subarray(1) }
    }
    let index = tag
    if (rules.wide && tag === WIDE_TAG) {
      if (payload.length < 4) throw new ProtocolError(`a wide frame of ${payload.length} bytes has no room for its channel index`)
      index = readU32(payload, 0)
      payload = payload.subarray(4)
    }
    const channel = this.registry.at(index)
    if (channel === undefined) {
      throw new ProtocolError(
        `received a frame for channel index ${index}, but only ${this.registry.size} channels are registered here ` +
          '(both peers must register the same channels in the same order)',
      )
    }
    return { type: 'items', items: channel.kind === 'message' ? [this.#message(channel, payload)] : this.#table(channel, payload) }
  }

  /** Release every table reader. */
  close(): void {
    for (const receiver of this.#tables.values()) receiver.close()
    this.#tables.clear()
  }

  #message(channel: ChannelEntry, payload: Uint8Array): ProtocolItem {
    const codec = channel.codec!
    let value: unknown
    try {
      value = codec.decode(payload)
    } catch (cause) {
      throw new InvalidDataError(`message channel "${channel.name}": the ${codec.name} codec could not decode a ${payload.length}-byte payload`, channel.name, { cause })
    }
    return { kind: 'message', channel: channel.name, index: channel.index, value }
  }

  #table(channel: ChannelEntry, payload: Uint8Array): ProtocolItem[] {
    let receiver = this.#tables.get(channel.index)
    if (receiver === undefined) {
      receiver = new TableReceiver(channel.name, channel.schema, this.readOptions)
      this.#tables.set(channel.index, receiver)
    }
    const batches = receiver.receive(payload)
    const schema = receiver.schema!
    return batches.map((batch) => ({ kind: 'table', channel: channel.name, index: channel.index, batch, schema }))
  }
}
