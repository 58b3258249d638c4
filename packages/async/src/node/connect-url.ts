import { InvalidArgumentError } from '@lightstream/core'
import type { Connection } from '../connection'
import type { Listener } from './listener'
import type { SocketOptions } from './socket-connection'
import { connectTcp, listenTcp } from './tcp'
import { connectUnix, listenUnix } from './unix'
import { connectWebSocket, listenWebSocket } from './web-socket'

interface Target {
  scheme: 'tcp' | 'unix' | 'ws'
  host?: string
  port?: number
  path?: string
  url: URL | undefined
}

/** Parse `tcp://host:port`, `unix:///abs/path`, `unix:relative/path`, `ws://host:port/path`. */
function parseTarget(input: string | URL): Target {
  const text = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined
  if (text === undefined) throw new InvalidArgumentError('expected a URL string or URL')
  if (text.startsWith('unix:')) {
    const rest = text.slice(5)
    const path = rest.startsWith('//') ? decodeURIComponent(rest.slice(2)) : decodeURIComponent(rest)
    if (path === '') throw new InvalidArgumentError(`no socket path in ${text}`)
    return { scheme: 'unix', path, url: undefined }
  }
  let url: URL
  try {
    url = new URL(text)
  } catch (cause) {
    throw new InvalidArgumentError(`not a URL: ${text}`, { cause })
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const port = url.port === '' ? undefined : Number(url.port)
  if (url.protocol === 'tcp:') return { scheme: 'tcp', host: host || '127.0.0.1', ...(port === undefined ? {} : { port }), url }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return { scheme: 'ws', host: host || '127.0.0.1', ...(port === undefined ? {} : { port }), path: url.pathname, url }
  throw new InvalidArgumentError(`unsupported URL scheme ${url.protocol} (tcp:, unix:, ws: and wss: are)`)
}

/**
 * Connect by URL: `tcp://host:port` ({@link connectTcp}), `unix:///absolute/path` or `unix:relative/path`
 * ({@link connectUnix}), `ws://host:port/path` or `wss://...` ({@link connectWebSocket}, `mode` 'stream').
 * @throws InvalidArgumentError for an unsupported or malformed URL (a tcp URL needs a port); otherwise as
 * the transport's connect.
 */
export async function connect(url: string | URL, options: SocketOptions = {}): Promise<Connection> {
  const target = parseTarget(url)
  if (target.scheme === 'unix') return connectUnix(target.path!, options)
  if (target.scheme === 'ws') return connectWebSocket(target.url!, options.signal === undefined ? {} : { signal: options.signal })
  if (target.port === undefined) throw new InvalidArgumentError(`a tcp URL needs a port: ${String(url)}`)
  return connectTcp({ ...options, host: target.host!, port: target.port })
}

/**
 * Listen by URL: `tcp://host:port` (port 0 = any), `unix:///path`, `ws://host:port/path`. The listener's
 * `url` is the address to give to {@link connect}.
 * @throws InvalidArgumentError for an unsupported URL (wss is client-only); otherwise as the transport's listen.
 */
export async function listen(url: string | URL, options: SocketOptions = {}): Promise<Listener> {
  const target = parseTarget(url)
  if (target.scheme === 'unix') return listenUnix(target.path!, options)
  if (target.scheme === 'ws') {
    if (target.url!.protocol === 'wss:') throw new InvalidArgumentError('listen does not serve wss: put a TLS proxy in front, or create an https server with ws yourself')
    return listenWebSocket({ host: target.host!, port: target.port ?? 0, path: target.path!, ...(options.signal === undefined ? {} : { signal: options.signal }) })
  }
  return listenTcp({ ...options, host: target.host!, port: target.port ?? 0 })
}
