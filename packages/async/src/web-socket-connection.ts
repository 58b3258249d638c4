import { InvalidArgumentError, InvalidFrameError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { DEFAULT_HIGH_WATER_MARK } from './byte-channel'
import { ChunkQueue } from './chunk-queue'
import { sinkOfSendingSide, type Connection, type ConnectionInfo } from './connection'
import { ConnectError, ConnectionClosedError } from './errors'
import { gather } from './gather'
import { abortError, checkSignal, checkSize, deferred, noop, onAbort, throwIfAborted } from './signal'
import { toBytes } from './source-from-readable-stream'

/** The browser's WebSocket or the `ws` package's (both have this event-target shape). */
export interface WebSocketLike {
  binaryType: string
  readonly bufferedAmount: number
  readonly readyState: number
  send(data: Uint8Array | ArrayBuffer): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: (event: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
  removeEventListener(type: string, listener: (event: any) => void): void // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Options of {@link webSocketConnection}. */
export interface WebSocketConnectionOptions {
  /**
   * `'message'` (default): each `write` is one WebSocket message and a `writev` is ONE message of its parts
   * joined (one copy), so one framed IPC message per WebSocket message. `'stream'`: the bytes are a stream,
   * sent as messages of at most `maxMessageBytes` (views, no copy). Receiving is the same in both modes:
   * each message is one chunk of the source.
   */
  mode?: 'message' | 'stream'
  /** Send side: bytes buffered in the socket before writes wait (default 1 MiB). Receive side: bytes queued before `ws` is paused. */
  highWaterMark?: number
  /** Largest message sent in 'stream' mode (default 1 MiB). */
  maxMessageBytes?: number
  /** Aborting it destroys the connection; pending reads and writes reject with AbortError. */
  signal?: AbortSignal
}

const CONNECTING = 0
const OPEN = 1
/** How often the send side re-checks `bufferedAmount` when the socket offers no send callback (browsers). */
const POLL_MS = 5

interface WsExtras {
  send(data: Uint8Array, callback: (error?: Error) => void): void
  pause?(): void
  resume?(): void
}

/**
 * A {@link Connection} over an open (or opening) WebSocket: the browser's or the `ws` package's. Resolves
 * once the socket is open. Received messages are chunks of the source, as views of the message memory
 * (binaryType is set to `'arraybuffer'`, or `'nodebuffer'` for `ws`: no copy). Text messages fail the source
 * with InvalidFrameError.
 *
 * Half-close: `sink.close()` sends an empty binary message meaning "end of my stream"; receiving one ends
 * the source; the socket is closed (code 1000) once both sides ended. A peer that simply closes with 1000
 * or 1005 also ends the source; any other close code fails it with ConnectionClosedError.
 *
 * Backpressure: with `ws` each write resolves on the send callback; in browsers, when `bufferedAmount`
 * exceeds `highWaterMark`, the write resolves once it drops back below (polled every 5 ms: browsers have
 * no drain event). Receiving: `ws` sockets are paused past `highWaterMark`; a browser WebSocket cannot be
 * paused, so the receive queue is bounded only by the peer (use WebSocketStream where available).
 *
 * @throws (rejects) ConnectError when the socket fails to open; ConnectionClosedError when it is already
 * closing or closed; AbortError; InvalidArgumentError for a socket-less argument or bad options.
 */
export async function webSocketConnection(socket: WebSocketLike, options: WebSocketConnectionOptions = {}): Promise<Connection> {
  if (socket === null || typeof socket !== 'object' || typeof socket.send !== 'function' || typeof socket.addEventListener !== 'function') {
    throw new InvalidArgumentError('webSocketConnection expects a WebSocket')
  }
  const mode = options.mode ?? 'message'
  if (mode !== 'message' && mode !== 'stream') throw new InvalidArgumentError(`mode must be 'message' or 'stream', got ${String(mode)}`)
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  const maxMessageBytes = checkSize(options.maxMessageBytes, 'maxMessageBytes', 1024 * 1024)
  const signal = checkSignal(options.signal)
  throwIfAborted(signal)
  const isWs = typeof (socket as unknown as { on?: unknown }).on === 'function' && typeof (socket as unknown as { pause?: unknown }).pause === 'function'
  try {
    socket.binaryType = isWs ? 'nodebuffer' : 'arraybuffer'
  } catch {
    // some implementations fix the type; toBytes handles what comes
  }
  if (socket.readyState === CONNECTING) await opened(socket, signal)
  else if (socket.readyState !== OPEN) throw new ConnectionClosedError('the WebSocket is closing or closed')
  return new WebSocketConnection(socket, { mode, highWaterMark, maxMessageBytes, signal, isWs })
}

function opened(socket: WebSocketLike, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      socket.removeEventListener('open', onOpen)
      socket.removeEventListener('error', onError)
      socket.removeEventListener('close', onError)
      removeAbort()
    }
    const onOpen = (): void => {
      cleanup()
      resolve()
    }
    const onError = (event: { error?: unknown; code?: number }): void => {
      cleanup()
      reject(new ConnectError('the WebSocket could not be opened', { cause: event?.error ?? event }))
    }
    const removeAbort = onAbort(signal, () => {
      cleanup()
      socket.close()
      reject(abortError(signal!))
    })
    socket.addEventListener('open', onOpen)
    socket.addEventListener('error', onError)
    socket.addEventListener('close', onError)
  })
}

interface Resolved {
  mode: 'message' | 'stream'
  highWaterMark: number
  maxMessageBytes: number
  signal: AbortSignal | undefined
  isWs: boolean
}

class WebSocketConnection implements Connection {
  readonly info: ConnectionInfo
  readonly closed: Promise<void>
  readonly #socket: WebSocketLike
  readonly #options: Resolved
  readonly #queue: ChunkQueue
  #sent: 'open' | 'ended' | 'failed' = 'open'
  #error: unknown
  #received = false
  #position = 0
  #resolveClosed!: () => void
  readonly #removeAbort: () => void

  constructor(socket: WebSocketLike, options: Resolved) {
    this.#socket = socket
    this.#options = options
    const url = (socket as { url?: string }).url
    this.info = { transport: 'websocket', ...(typeof url === 'string' && url !== '' ? { remote: url } : {}) }
    const extras = socket as unknown as WsExtras
    this.#queue = new ChunkQueue({
      highWaterMark: options.highWaterMark,
      onResume: () => extras.resume?.(),
      onCancel: () => extras.resume?.(),
    })
    this.closed = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve
    })
    socket.addEventListener('message', this.#onMessage)
    socket.addEventListener('close', this.#onClose)
    socket.addEventListener('error', this.#onError)
    this.#removeAbort = onAbort(options.signal, () => this.destroy(abortError(options.signal!)))
  }

  get source(): AsyncIterable<Uint8Array> {
    return this.#queue
  }

  /** The sending side: its `close()` ends our direction only (the connection's `close()` also waits for the peer). */
  readonly sink: ByteSink = sinkOfSendingSide(this)

  readonly #onMessage = (event: { data: unknown }): void => {
    const data = event.data
    if (typeof data === 'string') {
      this.destroy(new InvalidFrameError('received a text WebSocket message: Arrow streams are binary'))
      return
    }
    let bytes: Uint8Array
    try {
      bytes = Array.isArray(data) ? gather(data.map(toBytes), defaultAllocator) : toBytes(data)
    } catch (error) {
      this.destroy(error)
      return
    }
    if (bytes.byteLength === 0) {
      this.#received = true
      this.#queue.end()
      this.#maybeFinish()
      return
    }
    if (!this.#queue.push(bytes)) (this.#socket as unknown as WsExtras).pause?.()
  }

  readonly #onClose = (event: { code?: number; reason?: unknown }): void => {
    const code = event?.code
    if (code === 1000 || code === 1005) this.#queue.end()
    else this.#queue.fail(new ConnectionClosedError(`the WebSocket closed with code ${String(code)}`, { cause: event?.reason }))
    if (this.#sent === 'open') this.#failSend(new ConnectionClosedError('the WebSocket is closed'))
    this.#socket.removeEventListener('message', this.#onMessage)
    this.#socket.removeEventListener('close', this.#onClose)
    this.#socket.removeEventListener('error', this.#onError)
    this.#removeAbort()
    this.#resolveClosed()
  }

  readonly #onError = (event: { error?: unknown }): void => {
    const error = new ConnectionClosedError('the WebSocket failed', { cause: event?.error ?? event })
    this.#queue.fail(error)
    this.#failSend(error)
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#check()
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('write expects a Uint8Array')
    if (chunk.byteLength === 0) return
    await this.#sendBytes(chunk)
  }

  async writev(chunks: readonly Uint8Array[]): Promise<void> {
    this.#check()
    for (const chunk of chunks) if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('writev expects Uint8Arrays')
    if (this.#options.mode === 'message') {
      const joined = gather(chunks, defaultAllocator, this.#position)
      if (joined.byteLength > 0) await this.#send(joined)
      return
    }
    for (const chunk of chunks) await this.#sendBytes(chunk)
  }

  /** End our sending side with the empty end-marker message (after the pending sends). */
  async end(): Promise<void> {
    if (this.#sent === 'failed') throw this.#error
    if (this.#sent === 'ended') return
    this.#sent = 'ended'
    await this.#send(new Uint8Array(0)).catch(noop)
    this.#maybeFinish()
  }

  async close(): Promise<void> {
    if (this.#sent === 'open') await this.end()
    await this.closed
  }

  abort(reason?: unknown): void {
    this.destroy(reason)
  }

  destroy(reason?: unknown): void {
    const error = reason instanceof Error && typeof (reason as { code?: unknown }).code === 'string' ? reason : new ConnectionClosedError('the connection was destroyed', { cause: reason })
    this.#queue.fail(error)
    this.#failSend(error)
    try {
      this.#socket.close(4000, 'destroyed')
    } catch {
      // already closed
    }
  }

  /** Close the socket once both sides sent their end marker. */
  #maybeFinish(): void {
    if (this.#sent === 'ended' && this.#received && this.#socket.readyState === OPEN) this.#socket.close(1000)
  }

  async #sendBytes(chunk: Uint8Array): Promise<void> {
    if (this.#options.mode === 'message' || chunk.byteLength <= this.#options.maxMessageBytes) return this.#send(chunk)
    for (let offset = 0; offset < chunk.byteLength; offset += this.#options.maxMessageBytes) {
      await this.#send(chunk.subarray(offset, offset + this.#options.maxMessageBytes))
    }
  }

  async #send(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket
    if (socket.readyState !== OPEN) throw this.#error ?? new ConnectionClosedError('the WebSocket is closed')
    this.#position += bytes.byteLength
    if (this.#options.isWs) {
      const done = deferred<void>()
      ;(socket as unknown as WsExtras).send(bytes, (error) => (error == null ? done.resolve() : done.reject(new SinkClosedError('the WebSocket send failed', { cause: error }))))
      return done.promise
    }
    socket.send(bytes)
    while (socket.bufferedAmount > this.#options.highWaterMark && socket.readyState === OPEN && this.#sent !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    if (this.#sent === 'failed') throw this.#error
  }

  #check(): void {
    if (this.#sent === 'failed') throw this.#error
    if (this.#sent === 'ended') throw new SinkClosedError('write after close')
  }

  #failSend(error: unknown): void {
    if (this.#sent === 'failed') return
    this.#sent = 'failed'
    this.#error = error instanceof SinkClosedError || (error instanceof Error && (error as { code?: string }).code === 'ERR_ABORTED') ? error : new SinkClosedError('the WebSocket connection failed', { cause: error })
  }
}
