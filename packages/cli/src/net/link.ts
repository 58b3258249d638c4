import type { ByteSink } from '@lightstream/core'
import type { CliIo } from '../cli/cli-io'
import { withContext } from '../cli/describe-error'
import { NetworkError } from '../cli/usage-error'
import type { Endpoint } from './endpoint'

/** One end of a transfer: bytes in, bytes out, and how to finish. */
export interface Link {
  /** The peer, for messages (`tcp://127.0.0.1:5000`). */
  readonly label: string
  readonly source: AsyncIterable<Uint8Array>
  readonly sink: ByteSink
  /** Orderly end: flush and close our side, wait for the peer, release everything (listener included). */
  close(): Promise<void>
  /** Abrupt end after a failure. Never throws. */
  destroy(reason?: unknown): Promise<void>
}

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is anything listening there?)',
  ECONNRESET: 'connection reset by the peer',
  ENOENT: 'no socket at that path (is anything listening there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  EACCES: 'permission denied',
}

/** The reason behind a transport error, in words: the system error's meaning when there is one. */
export function describeCause(error: unknown): string {
  let at: unknown = error
  for (let depth = 0; at instanceof Error && depth < 6; depth++) {
    const code = (at as { code?: unknown }).code
    if (typeof code === 'string' && Object.hasOwn(SYSTEM_REASONS, code)) return SYSTEM_REASONS[code]!
    at = at.cause
  }
  // No system error: the distinct messages of the chain ("fetch failed for URL: bad port").
  const messages: string[] = []
  at = error
  for (let depth = 0; at instanceof Error && depth < 6; depth++) {
    const message = at.message
    if (message !== '' && !messages.some((m) => m.includes(message))) messages.push(message)
    at = at.cause
  }
  return messages.length === 0 ? String(error) : messages.join(': ')
}

/** Connect as a client over tcp, unix or ws. @throws NetworkError (exit 3) when the connection cannot be made. */
export async function connectLink(endpoint: Endpoint, io: CliIo): Promise<Link> {
  const { connect } = await import('@lightstream/async/node')
  try {
    const connection = await connect(endpoint.url, io.signal === undefined ? {} : { signal: io.signal })
    return {
      label: endpoint.url,
      source: connection.source,
      sink: connection.sink,
      close: () => connection.close(),
      async destroy(reason) {
        connection.destroy(reason)
      },
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_ABORTED') throw error
    throw new NetworkError(`cannot connect to ${endpoint.url}: ${describeCause(error)}`, { cause: error })
  }
}

/**
 * Listen on tcp, unix or ws, say where (`announce`, e.g. on stderr), and accept ONE connection; the listener
 * stops when the link closes. @throws NetworkError when the address cannot be listened on (in use...).
 */
export async function acceptLink(endpoint: Endpoint, io: CliIo, announce: (url: string) => void): Promise<Link> {
  const { listen } = await import('@lightstream/async/node')
  let listener: Awaited<ReturnType<typeof listen>>
  try {
    listener = await listen(endpoint.url, io.signal === undefined ? {} : { signal: io.signal })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_ABORTED') throw error
    throw new NetworkError(`cannot listen on ${endpoint.url}: ${describeCause(error)}`, { cause: error })
  }
  announce(listener.url)
  let connection: Awaited<ReturnType<typeof listener.accept>>
  try {
    connection = await listener.accept(io.signal === undefined ? {} : { signal: io.signal })
  } catch (error) {
    await listener.close()
    throw withContext(error, listener.url)
  }
  const label = connection.info.remote === undefined ? listener.url : `${connection.info.transport}://${connection.info.remote}`
  return {
    label,
    source: connection.source,
    sink: connection.sink,
    async close() {
      try {
        await connection.close()
      } finally {
        await listener.close()
      }
    },
    async destroy(reason) {
      connection.destroy(reason)
      await listener.close().catch(() => undefined)
    },
  }
}
