import type { Allocator } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'
import type { FrameLength } from '@lightstream/framing'

const EMPTY = new Uint8Array(0)

/** Default size of the slabs socket reads land in: 1 MiB. */
export const DEFAULT_READ_BUFFER_SIZE = 1024 * 1024

/**
 * Default largest slab: 4 MiB. Slabs double from the first size up to this as data keeps arriving, so a
 * quiet connection holds small slabs and a bulk stream's messages (often several MiB) rarely straddle two
 * slabs, which would cost the reader one copy to join them. Untouched slab pages cost address space only.
 */
export const DEFAULT_MAX_READ_BUFFER_SIZE = 4 * 1024 * 1024

/** Kept-whole frames are at most this many largest slabs: no allocation is sized from a larger length a peer sent. */
export const WHOLE_FRAME_SLABS = 4

/** Frames of at least this many bytes get reads of their own: a read is cut at such a frame's end. */
export const OWN_READS_FROM = 64 * 1024

/**
 * Until a frame's length is known, reads take at most this much of it in all (more only for a frame whose
 * header is longer), so a frame that will not fit in the rest of the slab is moved while it is small.
 */
export const FIRST_READ = 16 * 1024

/**
 * "You own the buffer" reading for Node sockets, through the `onread: { buffer, callback }` option of
 * `net.connect` / `new net.Socket`: the kernel copies received bytes straight into slabs from the
 * Allocator, and each read is handed out as a view of the bytes it filled — the only copy on the way in.
 *
 * - Every read is offered the REMAINING part of the current slab, so bytes already handed out are never
 *   overwritten; a new slab starts when less than `minFree` bytes remain. Old slabs are freed by the garbage
 *   collector once no view of them is left (a batch that keeps a view keeps its slab).
 * - Consecutive reads are contiguous in a slab, so a queue can merge them back into one view (no copy),
 *   and a new slab starts at an offset congruent to the stream position modulo 64: every byte lands at an
 *   address congruent to its stream offset, so the 8- and 64-byte aligned buffers of an IPC stream are
 *   aligned in memory and decoders view them without copying.
 * - With the consumer's frame lengths ({@link SlabReader.sizeFrames}, offered by the framing driver), it hands
 *   out whole frames only. Each frame is sized from its first bytes as they arrive; the bytes of a frame in
 *   progress are kept back, and when the frame would not fit in the rest of the slab they are moved (a
 *   frame's first read at most, {@link FIRST_READ} after a boundary) into a slab with room for all of it.
 *   Reads are cut at the ends of large frames, so a large frame's slab holds it alone and the next frame
 *   starts on a fresh read. No frame is ever joined downstream, except frames over {@link WHOLE_FRAME_SLABS}
 *   largest slabs, which are handed out as they arrive.
 * - With a recycling consumer ({@link SlabReader.recycle}, whole frames only), slabs whose bytes the consumer
 *   handed back are pooled and read into again instead of allocating.
 * @internal
 */
export class SlabReader {
  readonly #allocator: Allocator
  #slabSize: number
  readonly #maxSlabSize: number
  #minFree: number
  #slab: Uint8Array = EMPTY
  #used = 0
  #position = 0
  /** Slabs allocated so far (statistics). */
  slabs = 0
  /** Frames moved to a fresh slab instead of straddling two (statistics). */
  reserved = 0
  /** A frame whose start (`held`, the last bytes handed out) is handed out again with the next read. */
  #pending: { held: Uint8Array; needed: number } | undefined
  /** `#used` of the current slab before its first read (-1 once moved into): equal means nothing taken from it. */
  #freshUsed = -1
  /** Where the last view handed out ends (its ArrayBuffer and end offset). */
  #lastBuffer: ArrayBufferLike | undefined
  #lastEnd = 0
  #giveBack: Uint8Array | undefined
  /** Sizing mode: the consumer's frame lengths (undefined: chunks are handed out as they are read). */
  #frameLength: FrameLength | undefined
  /** Sizing: where the frame in progress starts (stream position; the bytes before it were handed out). */
  #frameStart = 0
  /** Sizing: where it ends, or -1 while its length is unknown. */
  #frameEnd = -1
  /** Sizing: the frame in progress is handed out as it arrives (too large to keep whole, or begun before sizing). */
  #passing = false
  /** Sizing: where the bytes handed out so far end (stream position); the rest, to `position`, are kept back. */
  #handed = 0
  /** Bytes copied to keep frames whole (statistics). */
  movedBytes = 0
  /** Slabs read into again after the consumer recycled their bytes, instead of allocating (statistics). */
  recycled = 0
  /** Recycling: on once the consumer first recycles; from then on the slabs left behind are tracked. */
  #recycling = false
  /** Recycling: slabs left behind, oldest first, each with the stream position where its handed-out bytes end. */
  readonly #retired: { slab: Uint8Array; end: number }[] = []
  /** Recycling: slabs nothing views any more, to read into again; at most `#poolLimit` bytes in all. */
  readonly #pool: Uint8Array[] = []
  #poolBytes = 0
  readonly #poolLimit: number

  /**
   * Slabs start at `slabSize` bytes and double, as each fills, up to `maxSlabSize` (default: no growth).
   * `highWaterMark`: the most bytes the consumer's queue holds before reading pauses; a recycling consumer
   * releases up to that much at once, so the pool of reusable slabs holds that plus {@link WHOLE_FRAME_SLABS}
   * largest slabs.
   */
  constructor(allocator: Allocator, slabSize: number = DEFAULT_READ_BUFFER_SIZE, maxSlabSize: number = slabSize, highWaterMark = 0) {
    this.#allocator = allocator
    this.#slabSize = Math.max(slabSize, 4096)
    this.#maxSlabSize = Math.max(this.#slabSize, maxSlabSize)
    this.#minFree = minFreeFor(this.#slabSize)
    this.#poolLimit = this.#maxSlabSize * WHOLE_FRAME_SLABS + highWaterMark
  }

  /** Bytes received so far. */
  get position(): number {
    return this.#position
  }

  /** The `onread.buffer` function: where the next read lands. */
  readonly buffer = (): Uint8Array => {
    if (this.#frameLength !== undefined) return this.#sizedBuffer()
    if (this.#slab.length - this.#used < this.#minFree) {
      const shift = this.#position & 63
      this.#grow()
      this.#slab = allocUnsafe(this.#allocator, this.#slabSize + shift, 64)
      this.#used = shift
      this.#freshUsed = shift
      this.slabs++
    }
    return this.#slab.subarray(this.#used)
  }

  /**
   * Hand out the `n` bytes a read put at the front of `buf` (the last `buffer()`): a view, no copy. After an
   * accepted {@link SlabReader.reserve}, the view handed out starts with the reserved frame's first bytes
   * again, followed by this read, in a slab with room for the whole frame (see {@link SlabReader.reserve}).
   */
  take(n: number, buf: Uint8Array): Uint8Array {
    if (this.#frameLength !== undefined) return this.#sizedTake(n)
    const pending = this.#pending
    this.#pending = undefined
    this.#position += n
    const fresh = this.#used === this.#freshUsed
    this.#used += n
    let view = buf.subarray(0, n)
    if (pending !== undefined) {
      // Moving costs a copy of `held` and of this read: worth it while that is not more than the frame
      // (the consumer's join copy); a read running far past the frame gives `held` back as it was instead.
      if (pending.held.length + n <= pending.needed + this.#minFree) view = this.#move(pending, view, fresh)
      else this.#giveBack = pending.held
    }
    this.#lastBuffer = view.buffer
    this.#lastEnd = view.byteOffset + view.length
    return view
  }

  /**
   * After {@link SlabReader.take}: the reserved frame start to hand out (before that read's view) when it
   * was not moved, else undefined. Cleared by reading it.
   */
  givenBack(): Uint8Array | undefined {
    const held = this.#giveBack
    this.#giveBack = undefined
    return held
  }

  /**
   * The consumer holds `held` (the last bytes handed out, nothing after them unconsumed), the start of a
   * `needed`-byte frame. When the rest of the frame would not land in the current slab, promise to hand
   * `held` out again at the front of the next read's view, in a slab with room for the whole frame: a copy
   * of `held` and of that one read, instead of the consumer's copy of the whole frame once it straddled two
   * slabs. Frames larger than 4 slabs are left alone (no allocation is made from a size the peer sent).
   * Returns whether the promise is made.
   */
  reserve(held: Uint8Array, needed: number): boolean {
    const more = needed - held.length
    if (this.#frameLength !== undefined || this.#pending !== undefined || more <= 0 || needed > this.#maxSlabSize * 4) return false
    if (held.buffer !== this.#lastBuffer || held.byteOffset + held.length !== this.#lastEnd) return false
    const free = this.#slab.length - this.#used
    const inSlab = held.buffer === this.#slab.buffer
    if (inSlab && free >= more && free >= this.#minFree) return false // the rest lands in this slab anyway
    if (!inSlab && this.#used !== this.#freshUsed) return false // not the last bytes before this slab
    this.#pending = { held, needed }
    return true
  }

  /**
   * The stream ended: the bytes the consumer must still get, if any (a frame start reserved for a read that
   * never came, or the kept-back bytes of an incomplete last frame).
   */
  finish(): Uint8Array | undefined {
    const held = this.#pending?.held
    this.#pending = undefined
    if (held !== undefined || this.#frameLength === undefined) return held
    const kept = this.#position - this.#handed
    this.#handed = this.#position
    return kept === 0 ? undefined : this.#slab.subarray(this.#used - kept, this.#used)
  }

  /**
   * Hand out whole frames from now on, sized with `frameLength` (see the class notes). `start` and `end` are
   * the stream offsets of the frame in progress among the bytes already handed out (default: a frame
   * boundary at the current position); that frame is still handed out as it arrives. Declined when a frame
   * was partly handed out and its length is not known (`end` -1), during a reservation, or a second time.
   * Returns whether it was accepted.
   */
  sizeFrames(frameLength: FrameLength, start: number = this.#position, end = -1): boolean {
    const position = this.#position
    if (this.#frameLength !== undefined || this.#pending !== undefined) return false
    if (!(start >= 0 && start <= position) || (start < position && !(end > position))) return false
    this.#frameLength = frameLength
    this.#frameStart = start
    this.#frameEnd = start < position ? end : -1
    this.#passing = start < position
    this.#handed = position
    return true
  }

  /**
   * Recycling (whole frames only): nothing views the first `count` bytes handed out any more (stream
   * offsets: the connection hands out every byte in order, from 0). Slabs left behind whose handed-out
   * bytes all lie before `count` go to a pool, and new slabs are taken from it before allocating. The pool
   * holds at most the high-water mark plus {@link WHOLE_FRAME_SLABS} largest slabs' worth; more is left to
   * the garbage collector.
   * The current slab is never pooled: the next read may already be landing in it. Ignored unless frames
   * are being sized (only then are the consumer's offsets the reader's).
   */
  recycle(count: number): void {
    if (this.#frameLength === undefined) return
    this.#recycling = true
    const released = Math.min(count, this.#handed) // never past what was handed out, whatever the caller says
    const retired = this.#retired
    let k = 0
    while (k < retired.length && retired[k]!.end <= released) {
      const slab = retired[k++]!.slab
      if (this.#poolBytes + slab.length <= this.#poolLimit) {
        this.#pool.push(slab)
        this.#poolBytes += slab.length
      }
    }
    if (k > 0) retired.splice(0, k)
  }

  /**
   * Recycling: the size to allocate for `size` bytes (plus up to 63 of alignment shift). At least the largest
   * slab size and rounded up to a quarter of it, so that a pooled slab fits the next frames of about the
   * same size whatever their exact length and alignment shift.
   */
  #poolSize(size: number): number {
    const step = this.#maxSlabSize >>> 2
    return Math.max(this.#maxSlabSize, Math.ceil((size + 64) / step) * step)
  }

  /** Recycling: the smallest pooled slab of at least `size` bytes, taken out of the pool, or undefined. */
  #fromPool(size: number): Uint8Array | undefined {
    const pool = this.#pool
    let best = -1
    for (let k = 0; k < pool.length; k++) if (pool[k]!.length >= size && (best < 0 || pool[k]!.length < pool[best]!.length)) best = k
    if (best < 0) return undefined
    const slab = pool[best]!
    pool[best] = pool[pool.length - 1]!
    pool.pop()
    this.#poolBytes -= slab.length
    this.recycled++
    return slab
  }

  /** The kept-back bytes (sizing): the start of the frame in progress, at the end of the current slab. */
  #kept(): number {
    return this.#position - this.#handed
  }

  /** Before each new slab but the first: the slab size doubles, up to the largest. */
  #grow(): void {
    if (this.slabs === 0 || this.#slabSize >= this.#maxSlabSize) return
    this.#slabSize = Math.min(this.#maxSlabSize, this.#slabSize * 2)
    this.#minFree = minFreeFor(this.#slabSize)
  }

  /** Sizing: where the next read lands. */
  #sizedBuffer(): Uint8Array {
    const free = this.#slab.length - this.#used
    if (this.#frameEnd >= 0 && !this.#passing) {
      const rest = this.#frameEnd - this.#position
      const total = this.#frameEnd - this.#frameStart
      if (rest > free) this.#newSlab(total)
      // A large frame's reads stop at its end: the next frame starts on a read of its own.
      return total >= OWN_READS_FROM ? this.#slab.subarray(this.#used, this.#used + rest) : this.#slab.subarray(this.#used)
    }
    if (free < this.#minFree) this.#newSlab(0)
    if (this.#frameEnd < 0) {
      // The frame's length is not known yet: short reads (FIRST_READ in all, then doubling for a long header),
      // so that a frame that will not fit is moved while it is small.
      const kept = this.#kept()
      const limit = kept < FIRST_READ ? FIRST_READ - kept : kept
      return this.#slab.subarray(this.#used, this.#used + Math.min(limit, this.#slab.length - this.#used))
    }
    return this.#slab.subarray(this.#used)
  }

  /**
   * Sizing: a new slab, with room for `room` bytes from the kept-back ones on when that is a quarter slab or
   * more (a large frame gets a slab of its own size), else of the current slab size. The kept-back bytes are
   * copied to its front, 64-byte congruent to the stream.
   */
  #newSlab(room: number): void {
    const kept = this.#kept()
    const start = (this.#position - kept) & 63
    this.#grow()
    const size = room >= this.#slabSize >>> 2 ? Math.max(room, kept) + FIRST_READ : Math.max(this.#slabSize, kept + this.#minFree)
    let slab = this.#recycling ? this.#fromPool(size + start) : undefined
    if (slab === undefined) {
      slab = allocUnsafe(this.#allocator, this.#recycling ? this.#poolSize(size) : size + start, 64)
      this.slabs++
    }
    if (kept > 0) {
      slab.set(this.#slab.subarray(this.#used - kept, this.#used), start)
      this.reserved++
      this.movedBytes += kept
    }
    // Left behind: reusable once the consumer recycles everything handed out from it (the kept bytes moved).
    if (this.#recycling && this.#slab !== EMPTY) this.#retired.push({ slab: this.#slab, end: this.#handed })
    this.#slab = slab
    this.#used = start + kept
    this.#freshUsed = -1
  }

  /** Sizing: account a read of `n` bytes, walk the frames it completes, and hand out everything before the frame in progress. */
  #sizedTake(n: number): Uint8Array {
    this.#position += n
    this.#used += n
    const end = this.#position
    const frameLength = this.#frameLength!
    for (;;) {
      if (this.#frameEnd < 0) {
        const head = end - this.#frameStart
        if (head === 0) break
        let length = frameLength(this.#slab.subarray(this.#used - head, this.#used))
        if (length === undefined) {
          // A frame whose first bytes grow past what would be kept whole never gets a length: stop sizing.
          if (head > this.#maxSlabSize * WHOLE_FRAME_SLABS) this.#frameLength = undefined
          break
        }
        if (!(length > 0 && Number.isSafeInteger(length))) length = head // not a length: hand the bytes out, the decoder reports them
        this.#frameEnd = this.#frameStart + length
        this.#passing = length > this.#maxSlabSize * WHOLE_FRAME_SLABS
      }
      if (this.#frameEnd > end) break
      this.#frameStart = this.#frameEnd
      this.#frameEnd = -1
      this.#passing = false
    }
    const cut = this.#passing || this.#frameLength === undefined ? end : this.#frameStart
    const from = this.#handed
    if (cut === from) return EMPTY
    this.#handed = cut
    const at = this.#used - (end - from)
    return this.#slab.subarray(at, at + (cut - from))
  }

  /** Put `held` then `read` contiguously, 64-byte congruent to the stream: in place when `read` opened a fresh slab. */
  #move(pending: { held: Uint8Array; needed: number }, read: Uint8Array, fresh: boolean): Uint8Array {
    const { held, needed } = pending
    const start = (this.#position - read.length - held.length) & 63
    const end = start + held.length + read.length
    this.reserved++
    // Room for the whole frame and for everything this read brought (it may run past the frame).
    const room = Math.max(needed, held.length + read.length)
    let slab = this.#slab
    if (fresh && read.buffer === slab.buffer && slab.length >= start + room) {
      // The read is alone at the front of a new slab: shift it up (never down) and put `held` before it.
      slab.copyWithin(start + held.length, read.byteOffset - slab.byteOffset, read.byteOffset - slab.byteOffset + read.length)
    } else {
      this.#grow()
      slab = allocUnsafe(this.#allocator, Math.max(this.#slabSize, room + this.#minFree) + start, 64)
      slab.set(read, start + held.length)
      this.#slab = slab
      this.slabs++
    }
    slab.set(held, start)
    this.#used = end
    this.#freshUsed = -1
    return slab.subarray(start, end)
  }
}

/** A new slab starts when less than this is left of the current one: 1/8 of a slab, 1 KiB to 64 KiB. */
function minFreeFor(slabSize: number): number {
  return Math.max(1024, Math.min(64 * 1024, slabSize >>> 3))
}
