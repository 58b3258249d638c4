/**
 * @packageDocumentation
 * The Node transports of `@lightstream/async`: TCP and Unix domain sockets (client and server) with
 * "you own the buffer" reads into allocator slabs and vectored writes, Node stream adapters, stdin/stdout,
 * HTTP, WebSocket through the `ws` package, and worker threads. Each is a thin adapter to a
 * {@link Connection} or to a ByteSource / ByteSink, so framing and formats never know the transport.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
 * import { connectTcp, listenTcp } from '@lightstream/async/node'
 *
 * const listener = await listenTcp({ port: 0 })
 * void listener.accept().then(async (connection) => {
 *   const writer = new IpcStreamWriter(connection.sink)
 *   await writer.write(tableFromArrays({ x: Float64Array.of(1.5, 2.5) }))
 *   await writer.close()
 * })
 * const client = await connectTcp({ port: listener.port! })
 * const table = await (await openIpcStream(client.source)).readAll()
 * console.log(table.numRows) // 2
 * await client.close(); await listener.close()
 * ```
 */
export { sinkFromWritable } from './sink-from-writable'
export type { WritableSinkOptions } from './sink-from-writable'
export { sourceFromReadable } from './source-from-readable'
export type { ReadableSourceOptions } from './source-from-readable'
export { connectionFromSocket } from './socket-connection'
export type { SocketOptions } from './socket-connection'
export { DEFAULT_MAX_READ_BUFFER_SIZE, DEFAULT_READ_BUFFER_SIZE } from './slab-reader'
export { MAX_PENDING_CONNECTIONS } from './listener'
export type { Listener } from './listener'
export { connectTcp, listenTcp } from './tcp'
export { connectUnix, listenUnix } from './unix'
export type { Connection, ConnectionInfo } from '../connection'
export { readableFromSource } from './readable-from-source'
export { writableFromSink } from './writable-from-sink'
export { stdinSource, stdoutSink } from './stdio'
export { connect, listen } from './connect-url'
export { connectWebSocket, listenWebSocket } from './web-socket'
export type { ListenWebSocketOptions } from './web-socket'
export { workerConnection } from './worker-connection'
export { httpResponseSink, postSource, requestSource, serveHttp } from './http'
export type { HttpServer } from './http'
