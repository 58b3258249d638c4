import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'
import { FrameTooLargeError, InvalidArgumentError, isAsyncByteSource, type ByteSink, type ByteSource } from '@lightstream/core'
import { ConnectError } from '../errors'
import { ARROW_STREAM_CONTENT_TYPE } from '../ipc-response'
import { abortError, checkSignal, checkSize, noop, onAbort, throwIfAborted } from '../signal'
import { checkHost, checkPort } from './listener'
import { WritableSink } from './sink-from-writable'
import { sourceFromReadable } from './source-from-readable'

/**
 * An HTTP response body as a ByteSink: serve an IPC stream with `new IpcStreamWriter(httpResponseSink(res))`.
 * Sets `content-type` (default `application/vnd.apache.arrow.stream`) unless headers were already sent;
 * the body is chunked. Writes resolve on the socket's write callback (backpressure from a slow client);
 * `writev` is corked. `close()` ends the response, `abort()` destroys it (the client sees a broken body).
 * @throws InvalidArgumentError for a non-response; writes reject with SinkClosedError when the client went away.
 */
export function httpResponseSink(res: http.ServerResponse, options: { contentType?: string; signal?: AbortSignal } = {}): ByteSink {
  if (res === null || typeof res !== 'object' || typeof res.setHeader !== 'function') throw new InvalidArgumentError('httpResponseSink expects an http.ServerResponse')
  if (!res.headersSent && !res.hasHeader('content-type')) res.setHeader('content-type', options.contentType ?? ARROW_STREAM_CONTENT_TYPE)
  return new WritableSink(res, options.signal === undefined ? {} : { signal: options.signal })
}

/**
 * An HTTP request body (server side) as a ByteSource, e.g. an uploaded IPC stream. Chunks are Node's own
 * Buffers (no copy); reading pauses the upload when the consumer is slow. `maxBytes` (default unlimited)
 * bounds the body: past it the source throws FrameTooLargeError (a declared `content-length` over it is
 * refused before reading). Leaving the loop early (the IPC reader stops at the end-of-stream marker)
 * reads and discards the rest of the body, so the response can still be sent.
 * @throws InvalidArgumentError for a non-request or bad options. While iterating: FrameTooLargeError,
 * ConnectionClosedError (client aborted), AbortError.
 */
export function requestSource(req: http.IncomingMessage, options: { signal?: AbortSignal; maxBytes?: number } = {}): AsyncIterable<Uint8Array> {
  if (req === null || typeof req !== 'object' || typeof req.on !== 'function') throw new InvalidArgumentError('requestSource expects an http.IncomingMessage')
  const maxBytes = checkSize(options.maxBytes, 'maxBytes', Number.MAX_SAFE_INTEGER)
  const declared = Number(req.headers['content-length'])
  // Stopping early drains the rest instead of destroying the request, so the response can still be sent.
  const source = sourceFromReadable(req, { onReturn: 'drain', ...(options.signal === undefined ? {} : { signal: options.signal }) })
  return {
    async *[Symbol.asyncIterator]() {
      if (Number.isFinite(declared) && declared > maxBytes) {
        req.destroy()
        throw new FrameTooLargeError(`the request body declares ${declared} bytes, more than maxBytes (${maxBytes})`, declared, maxBytes)
      }
      let total = 0
      for await (const chunk of source) {
        total += chunk.byteLength
        if (total > maxBytes) throw new FrameTooLargeError(`the request body is larger than maxBytes (${maxBytes})`, total, maxBytes)
        yield chunk
      }
    },
  }
}

/**
 * Upload `body` (any ByteSource, e.g. a channel an IpcStreamWriter fills) with a streaming chunked request
 * (`POST` by default) and return the response status and body. The upload honours backpressure: the next
 * chunk is taken from `body` only after the socket took the previous one. Uses `node:http` / `node:https`.
 * @throws (rejects) ConnectError (refused, unreachable, request failed before a response); AbortError;
 * InvalidArgumentError for a bad URL or body. Reading the response body: ConnectionClosedError if it breaks off.
 */
export async function postSource(
  url: string | URL,
  body: ByteSource,
  options: { signal?: AbortSignal; contentType?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: AsyncIterable<Uint8Array> }> {
  const signal = checkSignal(options.signal)
  let target: URL
  try {
    target = new URL(url)
  } catch (cause) {
    throw new InvalidArgumentError(`not a URL: ${String(url)}`, { cause })
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new InvalidArgumentError(`postSource needs an http: or https: URL, got ${target.protocol}`)
  if (body === null || typeof body !== 'object' || (!isAsyncByteSource(body) && typeof (body as Iterable<Uint8Array>)[Symbol.iterator] !== 'function')) {
    throw new InvalidArgumentError('postSource expects a ByteSource body')
  }
  throwIfAborted(signal)
  const request = (target.protocol === 'https:' ? https : http).request(target, {
    method: options.method ?? 'POST',
    headers: { 'content-type': options.contentType ?? ARROW_STREAM_CONTENT_TYPE, ...options.headers },
  })
  const removeAbort = onAbort(signal, () => request.destroy(abortError(signal!)))
  const responded = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_ABORTED' || signal?.aborted === true) reject(signal !== undefined ? abortError(signal) : error)
      else reject(new ConnectError(`the request to ${target.href} failed${error.code === undefined ? '' : ` (${error.code})`}`, { cause: error }))
    })
  })
  responded.then(undefined, noop)
  const sink = new WritableSink(request)
  const upload = (async () => {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('the body yielded something other than a Uint8Array')
      await sink.write(chunk)
    }
    await sink.close()
  })()
  upload.then(undefined, (error: unknown) => request.destroy(error instanceof Error ? error : new Error(String(error))))
  try {
    const response = await responded
    return {
      status: response.statusCode ?? 0,
      headers: response.headers,
      body: sourceFromReadable(response, signal === undefined ? {} : { signal }),
    }
  } finally {
    removeAbort()
  }
}

/** A running HTTP server from {@link serveHttp}. */
export interface HttpServer {
  /** `http://host:port`. */
  readonly url: string
  readonly port: number
  /** Stop accepting, close idle keep-alive sockets, destroy the rest; resolves when the server is closed. */
  close(): Promise<void>
}

/**
 * Start an HTTP server on `host` (default 127.0.0.1) and `port` (default 0: any free port) calling
 * `handler` for each request. A handler that throws or rejects gets a 500 (or a destroyed response when the
 * body already started). For tests, examples and small services; use any framework in production, since
 * {@link httpResponseSink} and {@link requestSource} take plain Node requests and responses.
 * @throws (rejects) ConnectError when the address cannot be bound; InvalidArgumentError for bad options.
 */
export async function serveHttp(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>,
  options: { host?: string; port?: number } = {},
): Promise<HttpServer> {
  if (typeof handler !== 'function') throw new InvalidArgumentError('serveHttp expects a handler function')
  const host = checkHost(options.host)
  const port = checkPort(options.port, 0)
  const server = http.createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.statusCode = error instanceof InvalidArgumentError || (error as { code?: string })?.code === 'ERR_FRAME_TOO_LARGE' ? 400 : 500
          res.end(error instanceof Error ? error.message : 'internal error')
        } else res.destroy(error instanceof Error ? error : undefined)
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConnectError(`could not listen on ${host}:${port}`, { cause: error })))
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        server.closeAllConnections()
      })
      return closing
    },
  }
}

