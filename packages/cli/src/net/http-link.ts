import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ByteSink, ByteSource } from '@lightstream/core'
import type { CliIo } from '../cli/cli-io'
import { NetworkError } from '../cli/usage-error'
import type { Endpoint } from './endpoint'
import { describeCause } from './link'

/** The media type of an Arrow IPC stream. */
export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream'

type HttpServer = { url: string; port: number; close(): Promise<void> }

function networkError(what: string, error: unknown): unknown {
  if ((error as { code?: unknown }).code === 'ERR_ABORTED') return error
  return new NetworkError(`${what}: ${describeCause(error)}`, { cause: error })
}

/** An HTTP upload being received: the request body, and how to answer it. */
export interface HttpUpload {
  readonly label: string
  readonly source: AsyncIterable<Uint8Array>
  /** Answer the request (after the body was read) and stop the server. */
  finish(status: number, text: string): Promise<void>
}

/** Close the server when the signal fires, so a waiting `recv`/`send --listen` stops on Ctrl-C. */
function closeOnAbort(server: HttpServer, signal: AbortSignal | undefined, reject: (error: unknown) => void): void {
  if (signal === undefined) return
  const stop = (): void => {
    reject(signal.reason ?? new Error('aborted'))
    void server.close()
  }
  if (signal.aborted) stop()
  else signal.addEventListener('abort', stop, { once: true })
}

/** What {@link serveOne} needs to know about the one request it serves. */
interface OneRequest<T> {
  /** Methods accepted; others get 405 with `allow` and `wrongMethod` as the body. */
  readonly methods: readonly string[]
  readonly wrongMethod: string
  /** The 503 body for requests arriving while the first is served. */
  readonly busy: string
  /** Turn the accepted request into what the caller gets; `stop()` closes the server (resolves once closed). */
  take(req: IncomingMessage, res: ServerResponse, label: string, stop: () => Promise<void>): T
}

/**
 * An HTTP server on the endpoint that hands the first request with an accepted method to the caller, who
 * stops the server when the exchange is over. Announces the URL.
 * @throws NetworkError when the address cannot be listened on.
 */
async function serveOne<T>(endpoint: Endpoint, io: CliIo, announce: (url: string) => void, one: OneRequest<T>): Promise<T> {
  const { serveHttp } = await import('@lightstream/async/node')
  let taken = false
  let deliver!: (value: T) => void
  let fail!: (error: unknown) => void
  const arrived = new Promise<T>((resolve, reject) => {
    deliver = resolve
    fail = reject
  })
  let server: HttpServer
  try {
    server = await serveHttp(
      async (req, res) => {
        if (!one.methods.includes(req.method ?? '')) {
          res.writeHead(405, { allow: one.methods.join(', '), 'content-type': 'text/plain' }).end(one.wrongMethod)
          return
        }
        if (taken) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end(one.busy)
          return
        }
        taken = true
        deliver(one.take(req, res, `${server.url}${req.url ?? ''}`, () => server.close()))
      },
      { host: endpoint.host, port: endpoint.port },
    )
  } catch (error) {
    throw networkError(`cannot listen on ${endpoint.url}`, error)
  }
  closeOnAbort(server, io.signal, fail)
  announce(`http://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${server.port}${endpoint.path}`)
  return arrived
}

/**
 * Serve one HTTP upload (`recv http://HOST:PORT/path`): an HTTP server on the endpoint's host and port that
 * takes the first POST or PUT's body as the stream. Other methods get 405, further uploads 503, while one
 * is running. @throws NetworkError when the address cannot be listened on.
 */
export async function acceptHttpUpload(endpoint: Endpoint, io: CliIo, announce: (url: string) => void): Promise<HttpUpload> {
  const { requestSource } = await import('@lightstream/async/node')
  return serveOne<HttpUpload>(endpoint, io, announce, {
    methods: ['POST', 'PUT'],
    wrongMethod: 'POST an Arrow IPC stream here\n',
    busy: 'busy: one upload at a time\n',
    take: (req, res, label, stop) => ({
      label,
      source: requestSource(req, io.signal === undefined ? {} : { signal: io.signal }),
      async finish(status, text) {
        res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(text)
        await stop()
      },
    }),
  })
}

/**
 * Serve one HTTP download (`send --listen http://...`): the first GET receives the stream as its response
 * body (content type `application/vnd.apache.arrow.stream`). Resolves with the response's sink; `close()`
 * ends the exchange and the server stops.
 */
export async function acceptHttpDownload(endpoint: Endpoint, io: CliIo, announce: (url: string) => void): Promise<{ label: string; sink: ByteSink; close(): Promise<void> }> {
  const { httpResponseSink } = await import('@lightstream/async/node')
  return serveOne(endpoint, io, announce, {
    methods: ['GET'],
    wrongMethod: 'GET this URL for an Arrow IPC stream\n',
    busy: 'busy: one download at a time\n',
    take: (_req, res, label, stop) => ({
      label,
      sink: httpResponseSink(res, { contentType: ARROW_STREAM_TYPE, ...(io.signal === undefined ? {} : { signal: io.signal }) }),
      close: stop,
    }),
  })
}

/**
 * POST a stream to an HTTP URL (`send http://...`), chunked, with backpressure; resolves once the server
 * answered with a 2xx status and its answer was read. @throws NetworkError (exit 3) otherwise.
 */
export async function postUpload(endpoint: Endpoint, body: ByteSource, io: CliIo): Promise<string> {
  const { postSource } = await import('@lightstream/async/node')
  let response: { status: number; body: AsyncIterable<Uint8Array> }
  try {
    response = await postSource(endpoint.url, body, { contentType: ARROW_STREAM_TYPE, ...(io.signal === undefined ? {} : { signal: io.signal }) })
  } catch (error) {
    throw networkError(`cannot POST to ${endpoint.url}`, error)
  }
  let text = ''
  const decoder = new TextDecoder()
  for await (const chunk of response.body) if (text.length < 4096) text += decoder.decode(chunk, { stream: true })
  if (response.status < 200 || response.status > 299) {
    throw new NetworkError(`${endpoint.url} answered HTTP ${response.status}${text.trim() === '' ? '' : `: ${text.trim().split('\n')[0]}`}`)
  }
  return text
}

/** GET an HTTP URL serving an IPC stream (`recv --connect http://...`). @throws NetworkError for a refused connection or a non-2xx status. */
export async function fetchDownload(endpoint: Endpoint, io: CliIo): Promise<AsyncIterable<Uint8Array>> {
  const { fetchSource } = await import('@lightstream/async')
  try {
    return await fetchSource(endpoint.url, io.signal === undefined ? {} : { signal: io.signal })
  } catch (error) {
    throw networkError(`cannot fetch ${endpoint.url}`, error)
  }
}
