import * as net from 'node:net'
import { InvalidArgumentError, type Allocator, type ByteSink } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import type { FrameLength } from '@lightstream/framing'
import { DEFAULT_HIGH_WATER_MARK } from '../byte-channel'
import { ChunkQueue } from '../chunk-queue'
import type { Connection, ConnectionInfo } from '../connection'
import { ConnectionClosedError, TimeoutError } from '../errors'
import { abortError, checkSignal, checkSize, noop, onAbort } from '../signal'
import { DEFAULT_MAX_READ_BUFFER_SIZE, DEFAULT_READ_BUFFER_SIZE, SlabReader } from './slab-reader'
import { WritableSink } from './sink-from-writable'

/** Options of the socket transports (TCP, Unix domain sockets). */
export interface SocketOptions {
  /** Aborting it destroys the connection (and a pending connect); pending reads and writes reject with AbortError. */
  signal?: AbortSignal
  /** Where received bytes land ("you own the buffer" reads through `onread`); default `defaultAllocator`, 64-byte aligned. */
  allocator?: Allocator
  /** Read into allocator slabs (default true). `false` reads Node's own per-read Buffers instead (still no copy). */
  slabReads?: boolean
  /**
   * Size of the first read slab (default 1 MiB): a read takes at most what is left of the current slab.
   * Without `maxReadBufferSize`, giving this fixes the slab size.
   */
  readBufferSize?: number
  /**
   * Slabs double as they fill, up to this (default 4 MiB when `readBufferSize` is not given, else
   * `readBufferSize`): messages larger than a slab straddle two and cost the reader one copy.
   */
  maxReadBufferSize?: number
  /** Bytes received and not yet consumed before reading pauses (default 1 MiB). */
  highWaterMark?: number
  /** Idle timeout in ms: no traffic for this long destroys the connection with TimeoutError. Off by default. */
  timeout?: number
}

/** Resolved socket options. @internal */
export interface ResolvedSocketOptions {
  signal: AbortSignal | undefined
  /** Makes each connection's own slab reader (undefined: Node's read Buffers). */
  newReader: (() => SlabReader) | undefined
  highWaterMark: number
  timeout: number | undefined
}

/** Check socket options and make the slab reader. @internal @throws InvalidArgumentError */
export function resolveSocketOptions(options: SocketOptions = {}): ResolvedSocketOptions {
  const signal = checkSignal(options.signal)
  const readBufferSize = checkSize(options.readBufferSize, 'readBufferSize', DEFAULT_READ_BUFFER_SIZE)
  const highWaterMark = checkSize(options.highWaterMark, 'highWaterMark', DEFAULT_HIGH_WATER_MARK)
  const timeout = options.timeout === undefined ? undefined : checkSize(options.timeout, 'timeout', 0)
  const allocator = options.allocator ?? defaultAllocator
  if (typeof allocator !== 'object' || allocator === null || typeof allocator.alloc !== 'function') {
    throw new InvalidArgumentError('options.allocator must be an Allocator')
  }
  const maxReadBufferSize = checkSize(
    options.maxReadBufferSize,
    'maxReadBufferSize',
    options.readBufferSize === undefined ? DEFAULT_MAX_READ_BUFFER_SIZE : readBufferSize,
  )
  const newReader = options.slabReads === false ? undefined : () => new SlabReader(allocator, readBufferSize, maxReadBufferSize, highWaterMark)
  return { signal, newReader, highWaterMark, timeout }
}

/** The `onread` option that feeds `connection` from `reader`'s slabs. @internal */
export function slabOnread(reader: SlabReader, target: { connection?: SocketConnection }): { buffer: () => Uint8Array; callback: (n: number, buf: Uint8Array) => boolean } {
  return {
    buffer: reader.buffer,
    callback: (n, buf) => {
      const connection = target.connection
      if (connection === undefined || connection.discarding) return true // nothing handed out: the slab space is reused
      const view = reader.take(n, buf)
      const held = reader.givenBack() // a reserved frame start that stayed where it was: it goes first
      if (held !== undefined) connection.receive(held)
      return connection.receive(view)
    },
  }
}

/** A Connection over a connected `net.Socket`. @internal */
export class SocketConnection implements Connection {
  readonly closed: Promise<void>
  readonly #socket: net.Socket
  readonly #queue: ChunkQueue
  readonly #sink: WritableSink
  readonly #removeAbort: () => void
  readonly #transport: string
  #info: ConnectionInfo | undefined

  /** `reader`: the SlabReader of the socket's `onread` (its own), or undefined for 'data' events. */
  constructor(socket: net.Socket, options: ResolvedSocketOptions, transport: string, reader: SlabReader | undefined) {
    this.#socket = socket
    this.#transport = transport
    const slabs = reader !== undefined
    this.#queue = new ChunkQueue({
      highWaterMark: options.highWaterMark,
      merge: slabs,
      onResume: () => socket.resume(),
      onCancel: () => socket.resume(), // keep reading (and discarding) so the peer's end still arrives
      ...(reader === undefined
        ? {}
        : {
            onReserve: (held: Uint8Array, needed: number) => reader.reserve(held, needed),
            onSizeFrames: (frameLength: FrameLength, start: number, end: number) => reader.sizeFrames(frameLength, start, end),
            onRecycle: (count: number) => reader.recycle(count),
          }),
    })
    this.#sink = new WritableSink(socket)
    this.closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#fail(new ConnectionClosedError(`${transport} connection failed${error.code === undefined ? '' : ` (${error.code})`}`, { cause: error }))
    })
    socket.on('end', () => {
      const held = reader?.finish() // a reserved frame start, or the kept-back bytes of an incomplete last frame
      if (held !== undefined) this.#queue.push(held)
      this.#queue.end()
    })
    socket.once('close', () => {
      this.#fail(new ConnectionClosedError(`${transport} connection closed before the peer ended its stream`))
      this.#removeAbort()
    })
    if (!slabs) {
      socket.on('data', (chunk: Uint8Array) => {
        if (!this.#queue.settled && !this.receive(chunk)) socket.pause()
      })
    }
    if (options.timeout !== undefined) {
      const ms = options.timeout
      socket.setTimeout(ms, () => this.destroy(new TimeoutError(`${transport} connection idle for ${ms} ms`, ms)))
    }
    const signal = options.signal
    this.#removeAbort = onAbort(signal, () => this.destroy(abortError(signal!)))
    socket.resume()
  }

  /** Transport and endpoints (read from the socket once it is connected). */
  get info(): ConnectionInfo {
    if (this.#info !== undefined) return this.#info
    const info = describe(this.#socket, this.#transport)
    if (this.#socket.readyState !== 'opening') this.#info = info
    return info
  }

  /** True when received bytes are no longer wanted (the consumer stopped or the connection failed). */
  get discarding(): boolean {
    return this.#queue.settled
  }

  get source(): AsyncIterable<Uint8Array> {
    return this.#queue
  }

  get sink(): ByteSink {
    return this.#sink
  }

  /** Queue received bytes; false asks the socket to pause. @internal */
  receive(chunk: Uint8Array): boolean {
    return this.#queue.push(chunk)
  }

  async close(): Promise<void> {
    if (!this.#socket.destroyed) await this.#sink.close().catch(noop)
    await this.closed
  }

  destroy(reason?: unknown): void {
    const error = isCoded(reason) ? reason : new ConnectionClosedError('the connection was destroyed', { cause: reason })
    this.#fail(error)
    this.#socket.destroy()
  }

  #fail(error: unknown): void {
    this.#queue.fail(error)
    this.#sink.fail(error)
  }
}

function isCoded(reason: unknown): reason is Error {
  return reason instanceof Error && typeof (reason as { code?: unknown }).code === 'string' && (reason as unknown as { code: string }).code.startsWith('ERR_')
}

function describe(socket: net.Socket, transport: string): ConnectionInfo {
  if (transport === 'unix') {
    const address = (socket as { _pipeName?: string })._pipeName ?? (socket.address() as { address?: string } | string)
    return { transport, ...(typeof address === 'string' && address !== '' ? { remote: address } : {}) }
  }
  return {
    transport,
    ...(socket.localAddress === undefined ? {} : { local: `${socket.localAddress}:${socket.localPort}` }),
    ...(socket.remoteAddress === undefined ? {} : { remote: `${socket.remoteAddress}:${socket.remotePort}` }),
  }
}

/**
 * A {@link Connection} over a connected Node `net.Socket` you created yourself (TLS sockets work too). Its
 * reads are Node's own per-read Buffers handed out as views (no copy, but not from your Allocator: only
 * sockets this package creates read into allocator slabs). For half-close to work (finish writing after the
 * peer ended), create the socket with `allowHalfOpen: true`. Writes resolve when the socket took the bytes;
 * `writev` is one corked vectored write.
 *
 * @example
 * ```ts
 * const connection = connectionFromSocket(net.connect({ port, allowHalfOpen: true }))
 * ```
 * @throws InvalidArgumentError for something that is not a socket or bad options.
 */
export function connectionFromSocket(socket: net.Socket, options: SocketOptions = {}): Connection {
  if (!(socket instanceof net.Socket)) throw new InvalidArgumentError('connectionFromSocket expects a net.Socket')
  const resolved = resolveSocketOptions({ ...options, slabReads: false })
  return new SocketConnection(socket, resolved, socket.remoteFamily === undefined && socket.remoteAddress === undefined ? 'unix' : 'tcp', undefined)
}
