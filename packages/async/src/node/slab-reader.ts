import type { Allocator } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'

const EMPTY = new Uint8Array(0)

/** Default size of the slabs socket reads land in: 1 MiB. */
export const DEFAULT_READ_BUFFER_SIZE = 1024 * 1024

/**
 * Default largest slab: 4 MiB. Slabs double from the first size up to this as data keeps arriving, so a
 * quiet connection holds small slabs and a bulk stream's messages (often several MiB) rarely straddle two
 * slabs, which would cost the reader one copy to join them. Untouched slab pages cost address space only.
 */
export const DEFAULT_MAX_READ_BUFFER_SIZE = 4 * 1024 * 1024

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

  /** Slabs start at `slabSize` bytes and double, as each fills, up to `maxSlabSize` (default: no growth). */
  constructor(allocator: Allocator, slabSize: number = DEFAULT_READ_BUFFER_SIZE, maxSlabSize: number = slabSize) {
    this.#allocator = allocator
    this.#slabSize = Math.max(slabSize, 4096)
    this.#maxSlabSize = Math.max(this.#slabSize, maxSlabSize)
    this.#minFree = minFreeFor(this.#slabSize)
  }

  /** Bytes received so far. */
  get position(): number {
    return this.#position
  }

  /** The `onread.buffer` function: where the next read lands. */
  readonly buffer = (): Uint8Array => {
    if (this.#slab.length - this.#used < this.#minFree) {
      const shift = this.#position & 63
      if (this.slabs > 0 && this.#slabSize < this.#maxSlabSize) {
        this.#slabSize = Math.min(this.#maxSlabSize, this.#slabSize * 2)
        this.#minFree = minFreeFor(this.#slabSize)
      }
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
    if (this.#pending !== undefined || more <= 0 || needed > this.#maxSlabSize * 4) return false
    if (held.buffer !== this.#lastBuffer || held.byteOffset + held.length !== this.#lastEnd) return false
    const free = this.#slab.length - this.#used
    const inSlab = held.buffer === this.#slab.buffer
    if (inSlab && free >= more && free >= this.#minFree) return false // the rest lands in this slab anyway
    if (!inSlab && this.#used !== this.#freshUsed) return false // not the last bytes before this slab
    this.#pending = { held, needed }
    return true
  }

  /** Drop an unfulfilled reservation (the stream ended): the held bytes the consumer must get back. */
  cancelReserve(): Uint8Array | undefined {
    const held = this.#pending?.held
    this.#pending = undefined
    return held
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
      if (this.#slabSize < this.#maxSlabSize) {
        this.#slabSize = Math.min(this.#maxSlabSize, this.#slabSize * 2)
        this.#minFree = minFreeFor(this.#slabSize)
      }
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
