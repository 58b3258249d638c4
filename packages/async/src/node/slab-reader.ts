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
      this.slabs++
    }
    return this.#slab.subarray(this.#used)
  }

  /** Hand out the `n` bytes a read put at the front of `buf` (the last `buffer()`): a view, no copy. */
  take(n: number, buf: Uint8Array): Uint8Array {
    this.#used += n
    this.#position += n
    return buf.subarray(0, n)
  }
}

/** A new slab starts when less than this is left of the current one: 1/8 of a slab, 1 KiB to 64 KiB. */
function minFreeFor(slabSize: number): number {
  return Math.max(1024, Math.min(64 * 1024, slabSize >>> 3))
}
