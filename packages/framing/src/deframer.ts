import {
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  TruncatedInputError,
  type Allocator,
  type Decoded,
  type DecodeResult,
  type FrameDecoder,
  type NeedMore,
} from '@lightstream/core'
import { StreamBuffer, joinContiguous } from '@lightstream/core-buffer'

/** Options for {@link Deframer} (and the `decodeFrames` drivers, which pass them through). */
export interface DeframerOptions {
  /** Where the one copy goes when a frame spans chunks. Defaults to the 64-byte aligned default allocator. */
  allocator?: Allocator
  /** Alignment asked of the allocator for those copies. Defaults to 64. */
  alignment?: number
  /**
   * Most bytes buffered while a decoder gives no `needed` hint (64 MiB by default). A decoder that still
   * cannot find a frame in this many bytes makes the Deframer throw `FrameTooLargeError`. A `needed` hint
   * is trusted: decoders that give one enforce their own limit.
   */
  maxBufferedBytes?: number
}

/** Default {@link DeframerOptions.maxBufferedBytes}: 64 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024

const EMPTY = new Uint8Array(0)

/**
 * The push-style core of both `decodeFrames` drivers: push chunks in, pull frames out.
 *
 * Frames that sit in one chunk are decoded straight from that chunk, so a decoder that returns views
 * returns views of the caller's memory (no copy). Only a frame that spans chunks is made contiguous, with
 * one copy into aligned allocator memory. Decoders that say how many bytes they need (`needed`) are called
 * again only once that many bytes are buffered; decoders that give no hint are retried each time the
 * buffered bytes have doubled, so a long frame arriving in tiny chunks costs O(frame) copies, not O(frame²).
 *
 * `F` must not include `undefined`: `next()` and `end()` use it to say "no frame".
 *
 * @example
 * ```ts
 * const deframer = new Deframer(new LengthPrefixedDecoder({ width: 1 }))
 * deframer.push(Uint8Array.of(2, 7))
 * deframer.next() // undefined: one payload byte is still missing
 * deframer.push(Uint8Array.of(8))
 * deframer.next() // Uint8Array [7, 8]
 * deframer.end()  // undefined: the input ended on a frame boundary
 * ```
 */
export class Deframer<F> {
  readonly #decoder: FrameDecoder<F>
  readonly #buffer: StreamBuffer
  readonly #maxBuffered: number
  /**
   * Fast path: the unconsumed rest of the current chunk while nothing else is buffered. Frames inside it are
   * decoded straight from it, without going through the StreamBuffer. Invariant: when `#head` is not empty
   * the StreamBuffer is empty, and the other way round.
   */
  #head: Uint8Array = EMPTY
  /** Front bytes of the StreamBuffer that are a spanning copy; frames return to the fast path after them. */
  #mergedEnd = 0
  /** Bytes that must be buffered before the next decode; 0 = decode the head chunk now. */
  #want = 0
  /** Whether `#want` came from the decoder's `needed` hint (then exactly that many bytes are passed). */
  #hinted = false
  /** Size of the last unhinted attempt, so `end()` knows whether a retry with everything is new. */
  #tried = 0
  #ending = false
  #finished = false

  /** @throws InvalidArgumentError for a bad alignment or `maxBufferedBytes`. */
  constructor(decoder: FrameDecoder<F>, options: DeframerOptions = {}) {
    if (decoder === null || typeof decoder !== 'object' || typeof decoder.decode !== 'function') {
      throw new InvalidArgumentError('Deframer needs a FrameDecoder (an object with a decode method)')
    }
    const max = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new InvalidArgumentError(`maxBufferedBytes must be a positive integer, got ${String(max)}`)
    }
    this.#decoder = decoder
    this.#maxBuffered = max
    this.#buffer = new StreamBuffer({
      ...(options.allocator === undefined ? {} : { allocator: options.allocator }),
      ...(options.alignment === undefined ? {} : { alignment: options.alignment }),
    })
  }

  /** Bytes pushed and not yet turned into frames. */
  get buffered(): number {
    return this.#head.length + this.#buffer.length
  }

  /** How many times a frame spanning chunks was copied into one piece. */
  get copies(): number {
    return this.#buffer.copies
  }

  /** Total bytes those copies moved. */
  get copiedBytes(): number {
    return this.#buffer.copiedBytes
  }

  /**
   * Append a chunk. O(1), no copy: the chunk is retained, so its memory must not be reused afterwards.
   * @throws InvalidArgumentError for a non-Uint8Array, or after {@link Deframer.end} was called.
   */
  push(chunk: Uint8Array): void {
    if (this.#ending) throw new InvalidArgumentError('Deframer.push after end()')
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('Deframer.push expects a Uint8Array')
    if (chunk.byteLength === 0) return
    const buffer = this.#buffer
    if (buffer.length === 0) {
      const head = this.#head
      if (head.length === 0) {
        this.#head = chunk
        return
      }
      // A chunk that continues the head in the same memory (consecutive reads into one slab): one view, no copy.
      const joined = joinContiguous(head, chunk)
      if (joined !== undefined) {
        this.#head = joined
        return
      }
      // The current chunk ends inside a frame: from here on the bytes go through the StreamBuffer.
      buffer.push(this.#head)
      this.#head = EMPTY
    }
    buffer.push(chunk)
  }

  /**
   * The next frame, or `undefined` when more bytes are needed. A frame within one chunk costs one decoder
   * call and one `subarray`; a frame spanning chunks costs one copy of its bytes.
   * @throws whatever the decoder throws (InvalidFrameError, FrameTooLargeError, ...); InvalidFrameError when
   * the decoder breaks the FrameDecoder contract; FrameTooLargeError when an unhinted frame outgrows
   * `maxBufferedBytes`.
   */
  next(): F | undefined {
    const head = this.#head
    if (head.length === 0) return this.#nextBuffered()
    // Every byte is in `head`; after a "need more", only bytes pushed onto it can help.
    if (this.#want > head.length) return undefined
    const result: DecodeResult<F> = this.#decoder.decode(head)
    if (result == null || (result as NeedMore).needMore !== true) {
      const consumed = result == null ? 0 : (result as Decoded<F>).consumed
      if (!(consumed > 0 && consumed <= head.length && Number.isInteger(consumed))) {
        throw this.#badConsumed(result, head.length)
      }
      this.#head = consumed === head.length ? EMPTY : head.subarray(consumed)
      this.#want = 0
      return (result as Decoded<F>).frame
    }
    this.#waitFor(result as NeedMore, head.length)
    return undefined
  }

  /** `next()` while bytes span chunks: decode from the StreamBuffer, copying a spanning frame once. */
  #nextBuffered(): F | undefined {
    const buffer = this.#buffer
    for (;;) {
      const length = buffer.length
      if (length === 0) return undefined
      const want = this.#want
      let bytes: Uint8Array
      if (want === 0) bytes = buffer.head()
      else {
        let size: number
        if (length >= want) size = this.#hinted ? want : length
        else if (this.#ending && !this.#hinted && this.#tried < length) size = length
        else return undefined
        const copies = buffer.copies
        bytes = buffer.peek(size)
        if (buffer.copies !== copies) this.#mergedEnd = size
      }
      const result: DecodeResult<F> = this.#decoder.decode(bytes)
      if (result == null || (result as NeedMore).needMore !== true) {
        const consumed = result == null ? 0 : (result as Decoded<F>).consumed
        if (!(consumed > 0 && consumed <= bytes.length && Number.isInteger(consumed))) {
          throw this.#badConsumed(result, bytes.length)
        }
        buffer.consume(consumed)
        this.#want = 0
        if (consumed < this.#mergedEnd) this.#mergedEnd -= consumed
        else {
          // Past the copy: when one received chunk is left, decode the rest of it on the fast path.
          this.#mergedEnd = 0
          if (buffer.chunkCount === 1) {
            this.#head = buffer.head()
            buffer.consume(this.#head.length)
          }
        }
        return (result as Decoded<F>).frame
      }
      this.#waitFor(result as NeedMore, bytes.length)
    }
  }

  /**
   * Offer the partial frame held to a source that can re-deliver it (see {@link FrameReserver}): when the
   * decoder said how long the frame is (a `needed` hint), every byte held is one contiguous view and more
   * are needed, `reserve(held, needed)` is called; when it returns true the held bytes are dropped, to
   * come again at the front of the next chunk. Call it between `next()` returning undefined and the next push.
   * Returns whether the bytes were handed back. O(1), no copy here.
   */
  offerPartial(reserve: (held: Uint8Array, needed: number) => boolean): boolean {
    if (this.#ending || !this.#hinted) return false
    const buffer = this.#buffer
    let held = this.#head
    if (held.length === 0) {
      if (buffer.chunkCount !== 1 || this.#mergedEnd !== 0) return false
      held = buffer.head()
      if (held.length !== buffer.length) return false
    }
    const needed = this.#want
    if (needed <= held.length || !reserve(held, needed)) return false
    this.#head = EMPTY
    buffer.clear()
    this.#want = 0
    this.#hinted = false
    this.#tried = 0
    return true
  }

  /**
   * Signal the end of input and return the next remaining frame; call it until it returns `undefined`.
   * Bytes that waited for an unhinted retry are decoded with everything buffered; what is left when no
   * further frame comes out goes to `decoder.finish(remaining)` (called once, possibly with no bytes).
   * @throws TruncatedInputError when bytes remain and no final frame came out of them; anything `next()` throws.
   */
  end(): F | undefined {
    if (this.#finished) return undefined
    this.#ending = true
    const frame = this.next()
    if (frame !== undefined) return frame
    this.#finished = true
    const buffer = this.#buffer
    let remaining = this.#head
    if (buffer.length > 0) remaining = buffer.peek(buffer.length)
    const left = remaining.length
    this.#head = EMPTY
    buffer.clear()
    const last = this.#decoder.finish === undefined ? undefined : this.#decoder.finish(remaining)
    if (last !== undefined) return last
    if (left > 0) {
      throw new TruncatedInputError(
        this.#hinted
          ? `input ended inside a frame: ${left} byte(s) buffered, the decoder needed ${this.#want}`
          : `input ended inside a frame: ${left} byte(s) left that the decoder could not turn into a frame`,
      )
    }
    return undefined
  }

  /** Record what the next attempt waits for after a NeedMore answer to `had` bytes. */
  #waitFor(result: NeedMore, had: number): void {
    const needed = result.needed
    if (needed !== undefined) {
      if (!(Number.isSafeInteger(needed) && needed > had)) {
        throw new InvalidFrameError(
          `decoder bug: it asked for needed=${String(needed)} bytes after being given ${had}; needed must be an integer larger than the input`,
        )
      }
      this.#want = needed
      this.#hinted = true
      return
    }
    const max = this.#maxBuffered
    if (had >= max) {
      throw new FrameTooLargeError(`no frame found in ${had} buffered bytes (maxBufferedBytes is ${max})`, had, max)
    }
    this.#tried = had
    this.#want = Math.min(Math.max(had * 2, had + 1), max)
    this.#hinted = false
  }

  #badConsumed(result: unknown, had: number): InvalidFrameError {
    if (result == null || typeof result !== 'object') {
      return new InvalidFrameError(`decoder bug: decode returned ${String(result)} instead of a frame or NeedMore`)
    }
    const consumed = (result as { consumed?: unknown }).consumed
    return new InvalidFrameError(
      `decoder bug: it reported consumed=${String(consumed)} for an input of ${had} bytes; consumed must be an integer from 1 to the input length`,
    )
  }
}
