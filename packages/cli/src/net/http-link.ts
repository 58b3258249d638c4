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

/**
 * Serve one HTTP upload (`recv http://HOST:PORT/path`): an HTTP server on the endpoint's host and port that
 * takes the first POST or PUT's body as the stream. Other methods get 405, further uploads 503, while one
 * is running. @throws NetworkError when the address cannot be listened on.
 */
export async function acceptHttpUpload(endpoint: Endpoint, io: CliIo, announce: (url: string) => void): Promise<HttpUpload> {
  const { serveHttp, requestSource } = await import('@lightstream/async/node')
  let taken = false
  let deliver!: (upload: HttpUpload) => void
  let fail!: (error: unknown) => void
  const arrived = new Promise<HttpUpload>((resolve, reject) => {
    deliver = resolve
    fail = reject
  })
  let server: HttpServer
  try {
    server = await serveHttp(
      async (req, res) => {
        if (req.method !== 'POST' && req.method !== 'PUT') {
          res.writeHead(405, { allow: 'POST, PUT', 'content-type': 'text/plain' }).end('POST an Arrow IPC stream here\n')
          return
        }
        if (taken) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('busy: one upload at a time\n')
          return
        }
        taken = true
        await new Promise<void>((answered) => {
          deliver({
            label: `${server.url}${req.url ?? ''}`,
            source: requestSource(req, io.signal === undefined ? {} : { signal: io.signal }),
            async finish(status, text) {
              res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(text)
              answered()
              await server.close()
            },
          })
        })
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
 * Serve one HTTP download (`send --listen http://...`): the first GET receives the stream as its response
 * body (content type `application/vnd.apache.arrow.stream`). Resolves with the response's sink; `close()`
 * stops the server.
 */
export async function acceptHttpDownload(endpoint: Endpoint, io: CliIo, announce: (url: string) => void): Promise<{ label: string; sink: ByteSink; close(): Promise<void> }> {
  const { serveHttp, httpResponseSink } = await import('@lightstream/async/node')
  let taken = false
  let deliver!: (value: { label: string; sink: ByteSink; close(): Promise<void> }) => void
  let fail!: (error: unknown) => void
  const arrived = new Promise<{ label: string; sink: ByteSink; close(): Promise<void> }>((resolve, reject) => {
    deliver = resolve
    fail = reject
  })
  let server: HttpServer
  try {
    server = await serveHttp(
      async (req, res) => {
        if (req.method !== 'GET') {
          res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('GET this URL for an Arrow IPC stream\n')
          return
        }
        if (taken) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('busy: one download at a time\n')
          return
        }
        taken = true
        await new Promise<void>((sent) => {
          deliver({
            label: `${server.url}${req.url ?? ''}`,
            sink: httpResponseSink(res, { contentType: ARROW_STREAM_TYPE, ...(io.signal === undefined ? {} : { signal: io.signal }) }),
            async close() {
              sent()
              await server.close()
            },
          })
        })
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
