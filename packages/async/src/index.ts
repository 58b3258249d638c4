/**
 * @packageDocumentation
 * Async edges for Lightstream: connect framing and Arrow IPC to everything a JavaScript program moves bytes
 * through, with backpressure and `AbortSignal` everywhere. This root entry is browser-safe (no Node
 * imports): in-memory channels and connection pairs, WHATWG stream adapters, `fetch` and `Response`
 * bodies, IPC as TransformStreams, WebSocket and MessagePort connections. Node transports (TCP, Unix
 * sockets, stdio, HTTP, `ws`, worker threads) live in `@lightstream/async/node`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
 * import { connectionPair } from '@lightstream/async'
 *
 * const [a, b] = connectionPair()
 * const writer = new IpcStreamWriter(a.sink)
 * void writer.write(tableFromArrays({ x: Int32Array.of(1, 2, 3) })).then(() => writer.close())
 * const reader = await openIpcStream(b.source)
 * console.log((await reader.readAll()).numRows) // 3
 * ```
 */
export { AsyncErrorCode, ConnectError, ConnectionClosedError, HttpStatusError, TimeoutError } from './errors'
export type { Connection, ConnectionInfo } from './connection'
export { createByteChannel, DEFAULT_HIGH_WATER_MARK } from './byte-channel'
export type { ByteChannel, ChannelOptions } from './byte-channel'
export { connectionPair } from './connection-pair'
export { sourceFromReadableStream } from './source-from-readable-stream'
export { readableStreamFromSource } from './readable-stream-from-source'
export { sinkFromWritableStream } from './sink-from-writable-stream'
export { writableStreamFromSink } from './writable-stream-from-sink'
export { fetchSource } from './fetch-source'
export type { FetchSourceOptions } from './fetch-source'
export { ipcResponse, ARROW_STREAM_CONTENT_TYPE } from './ipc-response'
export { ipcDecodeStream } from './ipc-decode-stream'
export type { IpcBatchReadableStream } from './ipc-decode-stream'
export { ipcEncodeStream } from './ipc-encode-stream'
export { webSocketConnection } from './web-socket-connection'
export type { WebSocketConnectionOptions, WebSocketLike } from './web-socket-connection'
export { messagePortConnection } from './message-port-connection'
export type { MessagePortConnectionOptions, MessagePortLike } from './message-port-connection'
