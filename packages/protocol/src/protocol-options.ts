import { InvalidArgumentError, type Allocator, type ByteSink } from '@lightstream/core'
import { IpcStreamEncoder, type IpcEncodeOptions, type IpcReadOptions } from '@lightstream/ipc'
import { checkSignal } from './abort'
import { checkReaderOptions } from './table-receiver'
import { COMPAT_CHANNELS, DEFAULT_MAX_CHANNELS, DEFAULT_MAX_FRAME_SIZE, MAX_FRAME_SIZE_LIMIT } from './wire-format'

/**
 * Whether to use the optional handshake (see the README for the full rules):
 * - `'off'`: exactly the Rust protocol. No control frames; tags 0–255 are all channels (256 at most).
 * - `'accept'` (default): never start a handshake, answer one. If the peer's hello arrives before we sent
 *   anything, we answer with ours and both switch to the extended mode; otherwise we stay compatible. A
 *   plain Rust peer never sees a control frame. Tag 255 is reserved (255 channels without the extension).
 * - `'offer'`: send a hello first and hold our frames until the peer answers: a hello → extended mode; a
 *   normal frame first, or nothing within `handshakeTimeout` → compatibility mode. A plain Rust peer reports
 *   the hello as an unknown tag 255, so offer only to peers that speak the extension (or ignore the tag).
 * - `'require'`: like `'offer'`, but no hello → HandshakeError.
 */
export type HandshakeMode = 'off' | 'accept' | 'offer' | 'require'

/** The transport: a `@lightstream/async` Connection, or any `{ source, sink }` pair. */
export interface ProtocolTransport {
  /** Bytes from the peer; ends when the peer closed its sending side. */
  readonly source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  /** Bytes to the peer, with backpressure. */
  readonly sink: ByteSink
  /** A Connection's orderly close: called once both directions are done, to release it. */
  close?(): Promise<void> | void
  /** A Connection's abrupt close: called on failure or `destroy()`. */
  destroy?(reason?: unknown): void
}

/** Options of {@link createProtocolConnection}. */
export interface ProtocolOptions {
  /** The handshake policy; default `'accept'`. */
  readonly handshake?: HandshakeMode
  /** Milliseconds `'offer'`/`'require'` wait for the peer's first frame; default 10 000. */
  readonly handshakeTimeout?: number
  /**
   * Largest frame payload accepted from the peer and sent to it (bytes); default 64 MiB, at most 2^32 − 1.
   * In the extended mode the sender also respects the peer's declared limit.
   */
  readonly maxFrameSize?: number
  /** Most channels that can be registered; default 65 536 (only 255 are usable without the extension, 256 with `'off'`). */
  readonly maxChannels?: number
  /** Received items buffered before the connection stops reading (backpressure); default 16. */
  readonly receiveQueueSize?: number
  /** How tables are written: alignment (64 default), compression, dictionary deltas (on by default), metadata version. */
  readonly ipc?: IpcEncodeOptions
  /** How tables are read: `validate` (turn on for untrusted peers), value options, IPC limits, codecs, stats. */
  readonly read?: IpcReadOptions
  /** Memory for the copies of frames that span received chunks; default 64-byte aligned. */
  readonly allocator?: Allocator
  /** Aborting it destroys the connection (pending and later calls reject with AbortError). */
  readonly signal?: AbortSignal
}

/** Options checked and with defaults. @internal */
export interface ResolvedProtocolOptions {
  readonly handshake: HandshakeMode
  readonly handshakeTimeout: number
  readonly maxFrameSize: number
  readonly maxChannels: number
  readonly receiveQueueSize: number
  readonly ipc: IpcEncodeOptions | undefined
  readonly read: IpcReadOptions
  readonly allocator: Allocator | undefined
  readonly signal: AbortSignal | undefined
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}, got ${String(value)}`)
  }
  return value
}

/**
 * Check the options and fill in the defaults. O(1).
 * @throws InvalidArgumentError for an unknown handshake mode, a limit out of range, a bad signal or
 *   allocator, bad IPC reader or writer options; MissingDependencyError for `ipc.compression` without its
 *   codec; AbortError when the signal is already aborted.
 * @internal
 */
export function resolveProtocolOptions(options: ProtocolOptions | undefined): ResolvedProtocolOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new InvalidArgumentError('options must be an object')
  const o = options ?? {}
  const handshake = o.handshake ?? 'accept'
  if (handshake !== 'off' && handshake !== 'accept' && handshake !== 'offer' && handshake !== 'require') {
    throw new InvalidArgumentError(`handshake must be 'off', 'accept', 'offer' or 'require', got ${String(handshake)}`)
  }
  const maxChannelsCap = handshake === 'off' ? COMPAT_CHANNELS + 1 : 0xffff_ffff
  const maxChannels = integer(o.maxChannels, 'maxChannels', handshake === 'off' ? COMPAT_CHANNELS + 1 : DEFAULT_MAX_CHANNELS, 1, maxChannelsCap)
  if (o.allocator !== undefined && (o.allocator === null || typeof o.allocator.alloc !== 'function')) {
    throw new InvalidArgumentError('allocator must be an Allocator (an object with alloc)')
  }
  if (o.read !== undefined && (o.read === null || typeof o.read !== 'object')) throw new InvalidArgumentError('read options must be an object')
  if (o.ipc !== undefined && (o.ipc === null || typeof o.ipc !== 'object')) throw new InvalidArgumentError('ipc options must be an object')
  const maxFrameSize = integer(o.maxFrameSize, 'maxFrameSize', DEFAULT_MAX_FRAME_SIZE, 0, MAX_FRAME_SIZE_LIMIT)
  const read: IpcReadOptions = { maxMessageBytes: maxFrameSize, ...o.read }
  checkReaderOptions(read)
  if (o.ipc !== undefined) new IpcStreamEncoder(undefined, o.ipc) // checks the write options (and that a codec is available) now
  return {
    handshake,
    handshakeTimeout: integer(o.handshakeTimeout, 'handshakeTimeout', 10_000, 0, 2 ** 31 - 1),
    maxFrameSize,
    maxChannels,
    receiveQueueSize: integer(o.receiveQueueSize, 'receiveQueueSize', 16, 1, 1 << 20),
    ipc: o.ipc,
    read,
    allocator: o.allocator,
    signal: checkSignal(o.signal),
  }
}
