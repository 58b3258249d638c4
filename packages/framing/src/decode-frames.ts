import { InvalidArgumentError, type ByteSource, type FrameDecoder } from '@lightstream/core'
import { ignore, isSignal, raceAbort, throwIfAborted } from './abort-signal'
import { Deframer, type DeframerOptions } from './deframer'
import { frameReserverOf } from './frame-reserve'
import { offerFrameSizer } from './frame-sizer'
import { byteRecyclerOf } from './recycle-bytes'

/** Options for {@link decodeFrames}: the Deframer options plus an AbortSignal. */
export interface DecodeFramesOptions extends DeframerOptions {
  /**
   * Stops decoding with `AbortError` (its `cause` is `signal.reason`). Checked when iteration starts and
   * between chunks; an async driver also stops waiting for a source that does not answer.
   */
  signal?: AbortSignal
  /**
   * Async sources only: each frame is valid until the next one is asked for, and the source may then reuse
   * its memory. When you call `next()` (or a `for await` loop comes round), the bytes of every frame handed
   * out before are offered back to the source through its {@link ByteRecycler} capability. Socket
   * connections of `@lightstream/async` then read into the same few slabs instead of allocating new ones,
   * so a long stream makes no garbage. Keep nothing that views an earlier frame: copy what you keep. Sources
   * without the capability are unaffected. Default false.
   */
  recycle?: boolean
}

/**
 * Decode frames from bytes already in memory: a chunk list, a generator, or one `Uint8Array` (taken as
 * a single chunk, not iterated byte by byte). Returns a `Generator`: no promise is created, per chunk or
 * per frame. Frames inside one chunk are views of it (no copy); a frame spanning chunks is copied once.
 *
 * Options are checked when called; decoding (and errors from the bytes) happen as the generator runs.
 * @throws InvalidArgumentError for a source that is not bytes, or bad options.
 * @throws (while iterating) the decoder's errors, TruncatedInputError when the input ends inside a frame,
 * AbortError when `signal` aborts.
 */
export function decodeFramesSync<F>(
  source: Iterable<Uint8Array> | Uint8Array,
  decoder: FrameDecoder<F>,
  options: DecodeFramesOptions = {},
): Generator<F, void, undefined> {
  if (!(source instanceof Uint8Array) && !isIterable(source)) {
    throw new InvalidArgumentError('decodeFramesSync expects a Uint8Array or an Iterable<Uint8Array>')
  }
  const signal = checkSignal(options.signal)
  return runSync(source, new Deframer(decoder, options), signal)
}

/**
 * Decode frames from an `AsyncIterable<Uint8Array>` (a socket, a file stream, a fetch body adapted by
 * `@lightstream/async`). Awaits only between chunks: every frame already buffered is yielded before the
 * next chunk is read. Frames inside one chunk are views of it (no copy); a frame spanning chunks is copied once.
 *
 * Ending the iteration early (`break`, an error) calls the source's `return()`, so it can release its resource.
 * @throws InvalidArgumentError for a source that is not async iterable, or bad options.
 * @throws (while iterating) the decoder's errors, TruncatedInputError, AbortError with `cause` = `signal.reason`.
 */
export function decodeFramesAsync<F>(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array,
  decoder: FrameDecoder<F>,
  options: DecodeFramesOptions = {},
): AsyncGenerator<F, void, undefined> {
  const signal = checkSignal(options.signal)
  const deframer = new Deframer(decoder, options)
  if (options.recycle !== undefined && typeof options.recycle !== 'boolean') throw new InvalidArgumentError('options.recycle must be a boolean')
  if (isAsyncIterable(source)) return runAsync(source, deframer, signal, decoder, options.recycle === true)
  if (source instanceof Uint8Array || isIterable(source)) return runSyncAsAsync(runSync(source, deframer, signal))
  throw new InvalidArgumentError('decodeFramesAsync expects an AsyncIterable<Uint8Array>, an Iterable<Uint8Array> or a Uint8Array')
}

/**
 * Decode frames from any byte source; sync stays sync. An `AsyncIterable` gives an `AsyncGenerator`;
 * an `Iterable` or a single `Uint8Array` gives a `Generator` that never creates a promise.
 *
 * @example
 * ```ts
 * const decoder = new LengthPrefixedDecoder({ width: 2 })
 * for (const frame of decodeFrames([Uint8Array.of(0, 2, 104), Uint8Array.of(105)], decoder)) {
 *   console.log(new TextDecoder().decode(frame)) // 'hi'
 * }
 * ```
 * @throws see {@link decodeFramesSync} and {@link decodeFramesAsync}.
 */
export function decodeFrames<F>(
  source: AsyncIterable<Uint8Array>,
  decoder: FrameDecoder<F>,
  options?: DecodeFramesOptions,
): AsyncGenerator<F, void, undefined>
export function decodeFrames<F>(
  source: Iterable<Uint8Array> | Uint8Array,
  decoder: FrameDecoder<F>,
  options?: DecodeFramesOptions,
): Generator<F, void, undefined>
export function decodeFrames<F>(
  source: ByteSource | Uint8Array,
  decoder: FrameDecoder<F>,
  options?: DecodeFramesOptions,
): Generator<F, void, undefined> | AsyncGenerator<F, void, undefined>
export function decodeFrames<F>(
  source: ByteSource | Uint8Array,
  decoder: FrameDecoder<F>,
  options: DecodeFramesOptions = {},
): Generator<F, void, undefined> | AsyncGenerator<F, void, undefined> {
  if (source instanceof Uint8Array) return decodeFramesSync(source, decoder, options)
  if (isAsyncIterable(source)) return decodeFramesAsync(source, decoder, options)
  return decodeFramesSync(source, decoder, options)
}

function* runSync<F>(
  source: Iterable<Uint8Array> | Uint8Array,
  deframer: Deframer<F>,
  signal: AbortSignal | undefined,
): Generator<F, void, undefined> {
  throwIfAborted(signal)
  let frame: F | undefined
  if (source instanceof Uint8Array) {
    deframer.push(source)
    while ((frame = deframer.next()) !== undefined) yield frame
  } else {
    for (const chunk of source) {
      throwIfAborted(signal)
      deframer.push(chunk)
      while ((frame = deframer.next()) !== undefined) yield frame
    }
  }
  throwIfAborted(signal)
  while ((frame = deframer.end()) !== undefined) yield frame
}

async function* runAsync<F>(
  source: AsyncIterable<Uint8Array>,
  deframer: Deframer<F>,
  signal: AbortSignal | undefined,
  decoder: FrameDecoder<F>,
  recycle: boolean,
): AsyncGenerator<F, void, undefined> {
  throwIfAborted(signal)
  const iterator = source[Symbol.asyncIterator]()
  // A source that keeps frames whole needs no reservations afterwards (it never hands out a partial frame).
  const reserve = offerFrameSizer(iterator, decoder) ? undefined : frameReserverOf(iterator)
  const recycler = recycle ? byteRecyclerOf(iterator) : undefined
  /** Bytes taken from the source; those not still buffered in the deframer belong to frames handed out. */
  let taken = 0
  // 'open': the source may hold resources; 'done': it finished; 'stuck': a read is pending after an abort.
  let state = 'open' as 'open' | 'done' | 'stuck'
  try {
    let frame: F | undefined
    for (;;) {
      let step: IteratorResult<Uint8Array>
      try {
        step = await (signal === undefined ? iterator.next() : raceAbort(iterator.next(), signal))
      } catch (error) {
        // Like `for await`: a source whose read failed is not asked to return; one abandoned by an abort
        // is still inside that read.
        state = signal !== undefined && signal.aborted ? 'stuck' : 'done'
        throw error
      }
      if (step.done === true) {
        state = 'done'
        break
      }
      taken += step.value.length
      deframer.push(step.value)
      while ((frame = deframer.next()) !== undefined) {
        yield frame
        // The consumer asked for the next frame: it is done with every frame before.
        if (recycler !== undefined) recycler(taken - deframer.buffered)
      }
      if (reserve !== undefined) deframer.offerPartial(reserve)
      throwIfAborted(signal)
    }
    while ((frame = deframer.end()) !== undefined) yield frame
  } finally {
    if (state !== 'done' && typeof iterator.return === 'function') {
      if (state === 'stuck') {
        // The source is still inside a read that may never finish: ask it to stop, but do not wait.
        try {
          Promise.resolve(iterator.return()).then(undefined, ignore)
        } catch {
          // a source whose return() throws has nothing more to release
        }
      } else {
        await iterator.return()
      }
    }
  }
}

async function* runSyncAsAsync<F>(frames: Generator<F, void, undefined>): AsyncGenerator<F, void, undefined> {
  yield* frames
}

function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined
  if (!isSignal(signal)) throw new InvalidArgumentError('options.signal must be an AbortSignal')
  return signal
}

function isIterable(value: unknown): value is Iterable<Uint8Array> {
  return (
    typeof value === 'object' && value !== null && typeof (value as Iterable<Uint8Array>)[Symbol.iterator] === 'function'
  )
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function'
  )
}
