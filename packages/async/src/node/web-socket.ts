import { InvalidArgumentError, MissingDependencyError } from '@lightstream/core'
import type { Connection } from '../connection'
import { ConnectError } from '../errors'
import { abortError, checkSignal, throwIfAborted } from '../signal'
import { webSocketConnection, type WebSocketConnectionOptions, type WebSocketLike } from '../web-socket-connection'
import { checkHost, checkPort, ConnectionListener, type Listener } from './listener'

interface WsModule {
  WebSocket: new (url: string, options?: Record<string, unknown>) => WebSocketLike
  WebSocketServer: new (options: Record<string, unknown>, callback?: () => void) => WsServer
}
interface WsServer {
  on(event: 'connection', listener: (socket: WebSocketLike) => void): void
  on(event: 'error' | 'listening', listener: (error?: Error) => void): void
  off(event: string, listener: (...args: never[]) => void): void
  address(): { address: string; port: number; family: string } | string | null
  clients: Set<WebSocketLike & { terminate(): void }>
  close(callback?: (error?: Error) => void): void
}

/** Load the optional `ws` package. @throws MissingDependencyError naming 'ws'. */
async function loadWs(purpose: string): Promise<WsModule> {
  try {
    const module = (await import('ws')) as unknown as WsModule & { default?: WsModule }
    const ws = module.WebSocketServer === undefined && module.default !== undefined ? module.default : module
    if (typeof ws.WebSocket !== 'function') throw new Error('unexpected ws module shape')
    return ws
  } catch (cause) {
    throw new MissingDependencyError('ws', purpose, { cause })
  }
}

/** Options of {@link listenWebSocket}. */
export interface ListenWebSocketOptions extends Omit<WebSocketConnectionOptions, 'signal'> {
  /** Interface to bind (default 127.0.0.1). */
  host?: string
  /** Port (default 0: any free port). */
  port?: number
  /** Only upgrade requests for this path (default: any path). */
  path?: string
  /** Aborting it closes the listener. */
  signal?: AbortSignal
}

/**
 * A WebSocket server (the `ws` package, an optional peer dependency) whose accepted sockets come out as
 * {@link Connection}s, with the modes and half-close of {@link webSocketConnection}. `listener.url` is
 * `ws://host:port/path`.
 * @throws (rejects) MissingDependencyError (`packageName: 'ws'`) when `ws` is not installed; ConnectError
 * when the address cannot be bound; AbortError; InvalidArgumentError.
 */
export async function listenWebSocket(options: ListenWebSocketOptions = {}): Promise<Listener> {
  const host = checkHost(options.host)
  const port = checkPort(options.port, 0)
  const signal = checkSignal(options.signal)
  if (options.path !== undefined && (typeof options.path !== 'string' || !options.path.startsWith('/'))) {
    throw new InvalidArgumentError('options.path must start with /')
  }
  throwIfAborted(signal)
  const ws = await loadWs('listenWebSocket')
  const connectionOptions: WebSocketConnectionOptions = {
    ...(options.mode === undefined ? {} : { mode: options.mode }),
    ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
  }
  const server = new ws.WebSocketServer({ host, port, ...(options.path === undefined || options.path === '/' ? {} : { path: options.path }) })
  await new Promise<void>((resolve, reject) => {
    const onError = (error?: Error): void => reject(new ConnectError(`could not listen on ${host}:${port}`, { cause: error }))
    server.on('error', onError)
    server.on('listening', () => {
      server.off('error', onError as never)
      server.on('error', () => undefined)
      resolve()
    })
  })
  const address = server.address() as { address: string; port: number; family: string }
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const listener = new ConnectionListener(
    { url: `ws://${shown}:${address.port}${options.path ?? '/'}`, port: address.port },
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  )
  server.on('connection', (socket) => {
    webSocketConnection(socket, connectionOptions).then(
      (connection) => listener.add(connection),
      () => socket.close(),
    )
  })
  if (signal !== undefined) signal.addEventListener('abort', () => void listener.close(), { once: true })
  return listener
}

/**
 * Open a WebSocket to `url` (ws: or wss:) and wrap it as a {@link Connection}: with the `ws` package when it
 * is installed (send callbacks, receive pausing), else the runtime's global WebSocket (Node 22+, browsers).
 * @throws (rejects) ConnectError when the socket cannot be opened; MissingDependencyError ('ws') when
 * neither is available; AbortError; InvalidArgumentError for a bad URL.
 */
export async function connectWebSocket(url: string | URL, options: Omit<WebSocketConnectionOptions, never> = {}): Promise<Connection> {
  const signal = checkSignal(options.signal)
  let href: string
  try {
    href = new URL(url).href
  } catch (cause) {
    throw new InvalidArgumentError(`not a URL: ${String(url)}`, { cause })
  }
  if (!href.startsWith('ws:') && !href.startsWith('wss:')) throw new InvalidArgumentError(`a WebSocket URL starts with ws: or wss:, got ${href}`)
  throwIfAborted(signal)
  let socket: WebSocketLike
  try {
    const ws = await loadWs('connectWebSocket')
    socket = new ws.WebSocket(href, { perMessageDeflate: false })
    ;(socket as unknown as { on(event: string, listener: () => void): void }).on('error', () => undefined)
  } catch (error) {
    const Global = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket
    if (Global === undefined) throw error
    socket = new Global(href)
  }
  if (signal?.aborted === true) {
    socket.close()
    throw abortError(signal)
  }
  try {
    return await webSocketConnection(socket, options)
  } catch (error) {
    if (error instanceof ConnectError) throw new ConnectError(`could not open a WebSocket to ${href}`, { cause: error.cause })
    throw error
  }
}
