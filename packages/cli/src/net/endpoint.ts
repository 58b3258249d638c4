import { UsageError } from '../cli/usage-error'

/** The transports `send` and `recv` speak. */
export type Transport = 'tcp' | 'unix' | 'ws' | 'http'

/** A parsed network URL. */
export interface Endpoint {
  readonly transport: Transport
  /** The URL as given (the async layer parses it again). */
  readonly url: string
  /** For http: host and port to listen on; for tcp/ws as well. */
  readonly host: string
  readonly port: number
  /** http/ws: the path (`/` when none); unix: the socket path. */
  readonly path: string
}

/**
 * Parse a `send`/`recv` URL: `tcp://HOST:PORT`, `unix:///abs/path` (or `unix:relative/path`),
 * `ws://HOST:PORT/path`, `http://HOST:PORT/path` (`https://` and `wss://` for connecting only).
 * O(length).
 *
 * @throws UsageError for another scheme, a malformed URL, or a tcp URL without a port when connecting.
 */
export function parseEndpoint(text: string, command: string, listening: boolean): Endpoint {
  if (text.startsWith('unix:')) {
    const rest = text.slice('unix:'.length)
    const path = decodeURIComponent(rest.startsWith('//') ? rest.slice(2) : rest)
    if (path === '') throw new UsageError(`${command}: no socket path in ${JSON.stringify(text)} (e.g. unix:///tmp/arrow.sock)`, command)
    return { transport: 'unix', url: text, host: '', port: 0, path }
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`${command}: not a URL: ${JSON.stringify(text)} (e.g. tcp://127.0.0.1:9000)`, command)
  }
  const scheme = url.protocol.slice(0, -1)
  const transport: Transport | undefined =
    scheme === 'tcp' ? 'tcp' : scheme === 'ws' || scheme === 'wss' ? 'ws' : scheme === 'http' || scheme === 'https' ? 'http' : undefined
  if (transport === undefined) throw new UsageError(`${command}: unsupported URL scheme ${url.protocol} (use tcp:, unix:, ws: or http:)`, command)
  if (listening && (scheme === 'https' || scheme === 'wss')) {
    throw new UsageError(`${command}: cannot listen on ${scheme}: (no TLS server); listen on ${scheme.slice(0, -1)}: behind a TLS proxy`, command)
  }
  const host = (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname) || '127.0.0.1'
  const defaultPort = scheme === 'https' || scheme === 'wss' ? 443 : scheme === 'http' || scheme === 'ws' ? 80 : undefined
  const port = url.port === '' ? (listening ? 0 : defaultPort) : Number(url.port)
  if (port === undefined && !listening) throw new UsageError(`${command}: a tcp URL needs a port: ${JSON.stringify(text)}`, command)
  return { transport, url: text, host, port: port ?? 0, path: url.pathname || '/' }
}
