import { InvalidArgumentError } from '@lightstream/core'
import { ProtocolConnection } from './protocol-connection'
import { resolveProtocolOptions, type ProtocolOptions, type ProtocolTransport } from './protocol-options'

/**
 * Open the Lightstream protocol over a transport: a `@lightstream/async` Connection (TCP, Unix socket,
 * WebSocket, MessagePort, in-memory pair) or any `{ source, sink }`. Nothing is sent, and nothing received
 * is acted on, until the connection starts (first send, receive, iteration, `ready` or `close`), so
 * register the channels first. O(1).
 *
 * @example
 * ```ts
 * const a = createProtocolConnection(left)           // e.g. from connectionPair() or connectTcp()
 * const b = createProtocolConnection(right)
 * for (const p of [a, b]) { p.registerMessage('hello', { codec: jsonCodec() }); p.registerTable('rows') }
 * await a.send('hello', { hi: 1 })
 * await a.sendTable('rows', tableFromArrays({ x: Int32Array.of(1, 2) }))
 * await a.close()
 * for await (const item of b) console.log(item.channel, item.kind) // hello message, rows table
 * ```
 * @throws InvalidArgumentError for a transport without `source` and `sink`, or bad options (see
 *   {@link ProtocolOptions}); MissingDependencyError for `ipc.compression` without its codec; AbortError when
 *   the signal is already aborted.
 */
export function createProtocolConnection(transport: ProtocolTransport, options?: ProtocolOptions): ProtocolConnection {
  const t = transport as ProtocolTransport | null
  if (t === null || typeof t !== 'object' || t.sink === null || typeof t.sink !== 'object' || typeof t.sink.write !== 'function') {
    throw new InvalidArgumentError('createProtocolConnection needs a transport with a sink (a ByteSink) and a source (an AsyncIterable<Uint8Array>)')
  }
  const source = t.source as unknown
  if (source === null || typeof source !== 'object' || (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function' && typeof (source as Iterable<Uint8Array>)[Symbol.iterator] !== 'function')) {
    throw new InvalidArgumentError('createProtocolConnection needs a transport whose source is an AsyncIterable<Uint8Array>')
  }
  return new ProtocolConnection(t, resolveProtocolOptions(options))
}
