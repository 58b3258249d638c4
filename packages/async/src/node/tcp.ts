import * as net from 'node:net'
import type { Connection } from '../connection'
import { ConnectError, TimeoutError } from '../errors'
import { abortError, throwIfAborted } from '../signal'
import { checkHost, checkPort, ConnectionListener, type Listener } from './listener'
import { resolveSocketOptions, slabOnread, SocketConnection, type ResolvedSocketOptions, type SocketOptions } from './socket-connection'

/**
 * Connect a socket (TCP or Unix) made by `create`, reading into allocator slabs when enabled, and resolve
 * once connected. @internal
 */
export function connectSocket(
  create: (extra: net.NetConnectOpts extends infer T ? Partial<T> : never) => net.Socket,
  resolved: ResolvedSocketOptions,
  transport: string,
  target: string,
): Promise<Connection> {
  throwIfAborted(resolved.signal)
  const holder: { connection?: SocketConnection } = {}
  const reader = resolved.newReader?.()
  const socket = create({ allowHalfOpen: true, ...(reader === undefined ? {} : { onread: slabOnread(reader, holder) }) } as never)
  const connection = new SocketConnection(socket, resolved, transport, reader)
  holder.connection = connection
  return new Promise<Connection>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const done = (error?: Error): void => {
      socket.off('connect', onConnect)
      socket.off('error', onError)
      resolved.signal?.removeEventListener('abort', onAbortConnect)
      if (timer !== undefined) clearTimeout(timer)
      if (error === undefined) return resolve(connection)
      connection.destroy(error)
      reject(error)
    }
    const onConnect = (): void => done()
    const onError = (error: Error): void => done(new ConnectError(`could not connect to ${target}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }))
    const onAbortConnect = (): void => done(abortError(resolved.signal!))
    socket.once('connect', onConnect)
    socket.once('error', onError)
    resolved.signal?.addEventListener('abort', onAbortConnect, { once: true })
    if (resolved.timeout !== undefined) {
      const ms = resolved.timeout
      timer = setTimeout(() => done(new TimeoutError(`connecting to ${target} took more than ${ms} ms`, ms)), ms)
    }
  })
}

/**
 * Connect to a TCP server. Received bytes land in 64-byte aligned slabs from `options.allocator` (one copy,
 * by the kernel; views handed out); writes resolve when the socket took the bytes, `writev` is one corked
 * vectored write. Nagle is off (`noDelay`). The connection is half-open capable: `sink.close()` sends FIN
 * and the source keeps reading until the peer ends.
 *
 * @example
 * ```ts
 * const connection = await connectTcp({ port: 5000 })
 * const reader = await openIpcStream(connection.source)
 * ```
 * @throws (rejects) ConnectError when the connection is refused or unreachable (system error as `cause`);
 * TimeoutError when `timeout` ms pass first; AbortError; InvalidArgumentError for bad options.
 */
export async function connectTcp(options: { host?: string; port: number } & SocketOptions): Promise<Connection> {
  const host = checkHost(options?.host)
  const port = checkPort(options?.port)
  const resolved = resolveSocketOptions(options)
  return connectSocket((extra) => net.connect({ ...extra, host, port, noDelay: true }), resolved, 'tcp', `${host}:${port}`)
}

/** Wrap the listening `server` in a Listener. @internal */
export function listenSocket(
  server: net.Server,
  listen: (done: (error?: Error) => void) => void,
  resolved: ResolvedSocketOptions,
  transport: string,
  endpoint: () => { url: string; port?: number; path?: string },
): Promise<Listener> {
  throwIfAborted(resolved.signal)
  return new Promise<Listener>((resolve, reject) => {
    const onError = (error: Error): void => reject(new ConnectError(`could not listen: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }))
    server.once('error', onError)
    listen(() => {
      server.off('error', onError)
      server.on('error', () => undefined)
      const listener = new ConnectionListener(endpoint(), () => new Promise<void>((done) => server.close(() => done())))
      server.on('connection', (accepted: net.Socket) => listener.add(adopt(accepted, resolved, transport)))
      resolved.signal?.addEventListener('abort', () => void listener.close(), { once: true })
      resolve(listener)
    })
  })
}

/**
 * Give an accepted socket slab reads. `net.Server` has no `onread` option, so the server is created with
 * `pauseOnConnect` (nothing is read yet) and the accepted socket's handle is moved into a new `net.Socket`
 * that has one. Moving the handle uses Node's `_handle` property (stable since Node 12 but not public); when
 * it is missing the accepted socket is used as it is, with Node's own read Buffers (still no copy).
 */
function adopt(accepted: net.Socket, resolved: ResolvedSocketOptions, transport: string): SocketConnection {
  const reader = resolved.newReader?.() // one per connection: slabs, stream position and reservations are per stream
  const internal = accepted as unknown as { _handle?: unknown }
  if (reader !== undefined && internal._handle != null) {
    const holder: { connection?: SocketConnection } = {}
    let socket: net.Socket | undefined
    try {
      socket = new net.Socket({ handle: internal._handle, allowHalfOpen: true, onread: slabOnread(reader, holder) } as net.SocketConstructorOpts)
    } catch {
      socket = undefined
    }
    if (socket !== undefined) {
      internal._handle = null
      accepted.destroy() // the emptied shell: its close only updates the server's connection count
      socket.setNoDelay(true)
      const connection = new SocketConnection(socket, resolved, transport, reader)
      holder.connection = connection
      return connection
    }
  }
  accepted.setNoDelay?.(true)
  return new SocketConnection(accepted, resolved, transport, undefined)
}

/**
 * Listen for TCP connections on `host` (default 127.0.0.1) and `port` (default 0: any free port; the real
 * one is `listener.port`). Accepted connections read into allocator slabs like {@link connectTcp}'s.
 *
 * @example
 * ```ts
 * const listener = await listenTcp({ port: 0 })
 * for await (const connection of listener) void serve(connection)
 * ```
 * @throws (rejects) ConnectError when the address cannot be bound (EADDRINUSE, ...); AbortError;
 * InvalidArgumentError for bad options.
 */
export async function listenTcp(options: { host?: string; port?: number } & SocketOptions = {}): Promise<Listener> {
  const host = checkHost(options.host)
  const port = checkPort(options.port, 0)
  const resolved = resolveSocketOptions(options)
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: resolved.newReader !== undefined })
  return listenSocket(server, (done) => server.listen(port, host, done), resolved, 'tcp', () => {
    const address = server.address() as net.AddressInfo
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return { url: `tcp://${shown}:${address.port}`, port: address.port }
  })
}
