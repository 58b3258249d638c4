import { InvalidArgumentError, IpcFormatError, type Allocator } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import type { DecodeFramesOptions } from '@lightstream/framing'
import type { MessageMetadata } from '../metadata/message-metadata'
import { IpcMessageDecoder, type IpcFrame } from './message-decoder'
import { resolveReadOptions, type IpcReadOptions, type ReadStats, type ResolvedReadOptions } from './read-options'
import { ReadSession } from './read-session'

/** Options of the stream readers: the reader options plus an AbortSignal. */
export interface IpcStreamReaderOptions extends IpcReadOptions {
  /** Stops reading with AbortError (checked between chunks; an async source is also raced against it). */
  readonly signal?: AbortSignal
  /**
   * Async sources only: each record batch is valid until the next one is read, after which the memory it
   * views may be reused for later messages. Socket connections of `@lightstream/async` then read into the
   * same few slabs for the whole stream instead of allocating new ones, so a long stream makes no garbage
   * for the collector (the loopback TCP benchmark runs about a third faster). Use it when you process each
   * batch and drop it (aggregate, forward, write elsewhere); copy anything you keep (`structuredClone` of
   * a column's values, or `tableToIPC`). Dictionaries are copied once as they arrive (counted in
   * `stats.dictionaryCopies`), so they stay valid. `readAll()` is refused. Sources that cannot reuse memory
   * (bytes in memory, Node streams, fetch bodies) are unaffected. Default false.
   */
  readonly recycle?: boolean
}

/**
 * The allocator the Deframer copies spanning messages into: `base`, counting every allocation as a framing
 * copy. Keeps an arena's `refresh` capability.
 */
function countingAllocator(base: Allocator, stats: ReadStats): Allocator {
  const counting: Allocator & { refresh?(view: Uint8Array): Uint8Array } = {
    alloc(n, alignment) {
      stats.framingCopies++
      stats.framingCopiedBytes += n
      return base.alloc(n, alignment)
    },
    allocUnsafe(n, alignment) {
      stats.framingCopies++
      stats.framingCopiedBytes += n
      return base.allocUnsafe === undefined ? base.alloc(n, alignment) : base.allocUnsafe(n, alignment)
    },
  }
  const refresh = (base as { refresh?(view: Uint8Array): Uint8Array }).refresh
  if (typeof refresh === 'function') counting.refresh = (view) => refresh.call(base, view)
  return counting
}

/** What both stream readers set up before reading. @internal */
export interface StreamSetup {
  readonly options: ResolvedReadOptions
  readonly decoder: IpcMessageDecoder
  readonly framing: DecodeFramesOptions
}

/**
 * Check the options and make the message decoder and the framing options.
 * @throws InvalidArgumentError for bad options.
 * @internal
 */
export function setUpStream(options: IpcStreamReaderOptions): StreamSetup {
  const signal = options.signal
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new InvalidArgumentError('options.signal must be an AbortSignal')
  }
  const recycle = options.recycle
  if (recycle !== undefined && typeof recycle !== 'boolean') throw new InvalidArgumentError('options.recycle must be a boolean')
  const base = resolveReadOptions(options)
  const resolved = recycle === true ? { ...base, recycle } : base
  const decoder = new IpcMessageDecoder(resolved)
  const framing: DecodeFramesOptions = {
    allocator: countingAllocator(options.allocator ?? defaultAllocator, resolved.stats),
    ...(signal === undefined ? {} : { signal }),
    ...(recycle === true ? { recycle } : {}),
  }
  return { options: resolved, decoder, framing }
}

/**
 * The session started by a stream's first frame.
 * @throws IpcFormatError when the stream ends (or sends the end-of-stream marker) before a Schema message,
 * or starts with another message.
 * @internal
 */
export function startSession(first: IpcFrame | undefined, options: ResolvedReadOptions): ReadSession {
  return startSessionWith(first === undefined || first.type === 'endOfStream' ? undefined : first.metadata, options)
}

/**
 * {@link startSession} from the first message's metadata (undefined: the stream ended or sent the
 * end-of-stream marker first).
 * @internal
 */
export function startSessionWith(first: MessageMetadata | undefined, options: ResolvedReadOptions): ReadSession {
  if (first === undefined) throw new IpcFormatError('Invalid IPC stream: it ended before its Schema message')
  return ReadSession.fromSchemaMessage(first, options)
}

/** True when `source` is a byte chunk source that can be read synchronously. @internal */
export function isSyncByteInput(source: unknown): source is Iterable<Uint8Array> | Uint8Array {
  return source instanceof Uint8Array || (typeof source === 'object' && source !== null && typeof (source as Iterable<Uint8Array>)[Symbol.iterator] === 'function')
}
