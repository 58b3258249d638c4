import { InvalidArgumentError, LightstreamError } from '@lightstream/core'
import { ConnectError, HttpStatusError } from './errors'
import { checkSignal, raceAbort, throwIfAborted } from './signal'
import { sourceFromReadableStream } from './source-from-readable-stream'

/** Options of {@link fetchSource}. */
export interface FetchSourceOptions {
  /** Aborts the request and the body reading (AbortError). */
  signal?: AbortSignal
  /** Passed to `fetch` when `input` is a URL or Request. */
  init?: RequestInit
}

/**
 * The body of an HTTP response as a ByteSource: `input` is a URL or Request (fetched with the global
 * `fetch`), a Response, or a promise of one. The body is read as it arrives (pull-based: a slow reader
 * slows the download) and its chunks are passed through without copying.
 *
 * @example
 * ```ts
 * const reader = await openIpcStream(await fetchSource('https://example.com/data.arrows'))
 * for await (const batch of reader) console.log(batch.numRows)
 * ```
 * @throws (rejects) HttpStatusError (`status`) for a status outside 200–299 (the body is cancelled);
 * ConnectError when the request fails (network error as `cause`); AbortError; InvalidArgumentError for a
 * bad input, a response without a body, or when no global `fetch` exists. While iterating:
 * ConnectionClosedError when the body breaks off.
 */
export async function fetchSource(
  input: string | URL | Request | Response | Promise<Response>,
  options: FetchSourceOptions = {},
): Promise<AsyncIterable<Uint8Array>> {
  const signal = checkSignal(options.signal)
  throwIfAborted(signal)
  let response: Response
  if (typeof Response !== 'undefined' && input instanceof Response) response = input
  else if (input !== null && typeof input === 'object' && typeof (input as Promise<Response>).then === 'function') {
    response = await raceAbort(input as Promise<Response>, signal)
  } else {
    if (typeof fetch !== 'function') throw new InvalidArgumentError('fetchSource needs a global fetch (Node 18+, browsers)')
    if (typeof input !== 'string' && !(input instanceof URL) && !(typeof Request !== 'undefined' && input instanceof Request)) {
      throw new InvalidArgumentError('fetchSource expects a URL, a Request, a Response or a promise of one')
    }
    try {
      response = await fetch(input, { ...options.init, ...(signal === undefined ? {} : { signal }) })
    } catch (error) {
      if (signal?.aborted === true) throwIfAborted(signal)
      if (error instanceof LightstreamError) throw error
      throw new ConnectError(`fetch failed for ${describe(input)}`, { cause: error })
    }
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined)
    throw new HttpStatusError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${response.url || 'the server'}`, response.status)
  }
  if (response.body === null) throw new InvalidArgumentError('the response has no body')
  return sourceFromReadableStream(response.body, signal === undefined ? {} : { signal })
}

function describe(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
}
