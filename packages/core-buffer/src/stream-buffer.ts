import { joinContiguous } from './join-contiguous'
import { InvalidArgumentError, OutOfRangeError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, allocUnsafe, checkAlignment, defaultAllocator } from './aligned-alloc'
import { EMPTY, byteAt, checkReadable, copyFront, copyRange, detachedChunkError, indexOfByte } from './chunk-rope'

/** Options for {@link StreamBuffer}. */
export interface StreamBufferOptions {
  /**
   * Where the one copy goes when a range spans chunks. Defaults to {@link defaultAllocator}. An optional
   * `refresh(view)` (ArenaAllocator has one) re-derives a buffered copy that a grow of its memory detached.
   */
  allocator?: Allocator & { refresh?(view: Uint8Array): Uint8Array }
  /** Alignment asked of the allocator for those copies. Defaults to 64. */
  alignment?: number
}

/**
 * Keeps V8's hidden class of StreamBuffer instances alive: one empty buffer (about 100 bytes), made with the
 * first. V8 reaches that class from the constructor only through weak transitions, so a major GC while no
 * instance is reachable frees it; every optimised method that checks for it is then discarded, and the next
 * instance starts over in the interpreter. Short-lived buffers (one per request, or per benchmark pass with
 * a GC in between) paid that every time: up to a third of the time of a stream of small takes.
 */
let shapeAnchor: StreamBuffer | null | undefined

/**
 * A rope of received chunks: bytes are appended as they arrive and read from the front, without copying
 * unless a range the caller needs contiguous spans two or more chunks.
 *
 * Copy semantics are in the names:
 * - `push`, `consume`, `head`, `chunks`, the `get*` readers and `indexOf` never copy;
 * - `peek` and `take` return a view when the range sits in one chunk, and otherwise copy it once into memory
 *   from the Allocator (after `peek` the merged bytes replace those chunks, so asking again costs nothing);
 * - `slice` always copies.
 *
 * Chunks are retained, not copied: the producer must not reuse, transfer or detach a chunk's memory after
 * pushing it. A spanning copy still buffered whose memory a grow detached (an ArenaAllocator over a
 * WebAssembly.Memory) is re-derived through the allocator's `refresh`.
 *
 * @example
 * ```ts
 * const buf = new StreamBuffer()
 * buf.push(Uint8Array.of(5, 0)); buf.push(Uint8Array.of(0, 0, 42))
 * buf.getUint32LE(0) // 5, read across the chunk edge without a copy
 * buf.consume(4)
 * buf.take(1)        // Uint8Array [42], a view of the second chunk
 * ```
 */
export class StreamBuffer {
  /** `#chunks[#head..]` hold the bytes in order, all non-empty; the first `#offset` bytes of the first are consumed. */
  #chunks: Uint8Array[] = []
  #head = 0
  #offset = 0
  #length = 0
  /** The first chunk is a spanning copy made by `peek`, the whole allocation: the only chunk `refresh` applies to. */
  #headIsCopy = false
  readonly #allocator: Allocator & { refresh?(view: Uint8Array): Uint8Array }
  readonly #alignment: number
  /** How many times a spanning range was copied into one piece (statistics; tests assert on it). */
  copies = 0
  /** Total bytes those copies moved. */
  copiedBytes = 0

  constructor(options: StreamBufferOptions = {}) {
    this.#allocator = options.allocator ?? defaultAllocator
    this.#alignment = checkAlignment(options.alignment ?? DEFAULT_ALIGNMENT)
    if (shapeAnchor === undefined) {
      shapeAnchor = null // the anchor's own construction skips this
      shapeAnchor = new StreamBuffer()
    }
  }

  /** Bytes buffered and not yet consumed. */
  get length(): number {
    return this.#length
  }

  /** Number of chunks holding those bytes. */
  get chunkCount(): number {
    return this.#chunks.length - this.#head
  }

  /**
   * Append a chunk. O(1), no copy; empty chunks are ignored. A chunk that continues the last one in the same
   * memory (same buffer, starting where the last ends, as reads into one slab do) joins it, so a range that
   * spans the two is still a view.
   */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('StreamBuffer.push expects a Uint8Array')
    const n = chunk.length
    if (n === 0) return
    const chunks = this.#chunks
    const last = chunks.length - 1
    const tail = chunks[last]
    const joined = tail !== undefined && last >= this.#head && !(last === this.#head && this.#headIsCopy) ? joinContiguous(tail, chunk) : undefined
    if (joined !== undefined) chunks[last] = joined
    else chunks.push(chunk)
    this.#length += n
  }

  /** The contiguous bytes at the front: a view of the first chunk's unconsumed part. O(1), no copy. */
  head(): Uint8Array {
    const first = this.#chunks[this.#head]
    if (first === undefined) return EMPTY
    const offset = this.#offset
    if (offset < first.length) return offset === 0 ? first : first.subarray(offset)
    return this.#front(0).subarray(offset) // a detached copy, refreshed (or ReleasedMemoryError)
  }

  /** The buffered chunks in order, as views. No copy. */
  *chunks(): IterableIterator<Uint8Array> {
    if (this.#length === 0) return
    yield this.head()
    for (let i = this.#head + 1; i < this.#chunks.length; i++) yield this.#chunks[i]!
  }

  /**
   * The first `n` bytes as one Uint8Array, without consuming them. A view when they sit in one chunk;
   * otherwise one copy into allocator memory, which then replaces those chunks.
   * @throws OutOfRangeError when fewer than `n` bytes are buffered.
   */
  peek(n: number): Uint8Array {
    const first = this.#chunks[this.#head]
    const start = this.#offset
    // Inside the first chunk: a view. (A detached chunk reads as length 0, so it never passes here.)
    if (first !== undefined && n > 0 && start + n <= first.length && Number.isInteger(n)) {
      return start === 0 && n === first.length ? first : first.subarray(start, start + n)
    }
    this.#checkCount(n, 'peek')
    if (n === 0) return EMPTY
    if (first!.length === 0) return this.#refreshed().peek(n)
    const merged = this.#copyFront(n)
    // The copy (the whole allocation, so an arena can refresh it) goes in front of the bytes left, into the
    // slot of the last chunk it emptied; only the first chunk may start at an offset.
    const rest = this.#chunks[this.#head]
    if (rest !== undefined && this.#offset > 0) this.#chunks[this.#head] = rest.subarray(this.#offset)
    this.#chunks[--this.#head] = merged
    this.#offset = 0
    this.#headIsCopy = true
    return merged
  }

  /**
   * Remove and return the first `n` bytes: a view when they sit in one chunk, otherwise one copy into
   * allocator memory (not kept: the bytes are gone from the buffer). @throws OutOfRangeError as `peek`.
   */
  take(n: number): Uint8Array {
    const first = this.#chunks[this.#head]
    const start = this.#offset
    if (first !== undefined && n > 0 && Number.isInteger(n)) { // inside the first chunk: a view, as in peek
      const end = start + n
      if (end < first.length) {
        this.#offset = end
        this.#length -= n
        return first.subarray(start, end)
      }
      if (end === first.length) {
        this.#dropHead()
        this.#length -= n
        return start === 0 ? first : first.subarray(start)
      }
    }
    this.#checkCount(n, 'take')
    if (n === 0) return EMPTY
    if (first!.length === 0) return this.#refreshed().take(n)
    const out = this.#copyFront(n)
    this.#length -= n
    this.#compact()
    return out
  }

  /** Drop the first `n` bytes. O(chunks dropped), no copy. @throws OutOfRangeError when fewer are buffered. */
  consume(n: number): void {
    let first = this.#chunks[this.#head]
    let end = this.#offset + n
    if (first !== undefined && n > 0 && end < first.length && Number.isInteger(n)) {
      this.#offset = end
      this.#length -= n
      return
    }
    this.#checkCount(n, 'consume')
    if (n === 0) return
    first = this.#front(n) // a detached chunk's length is unknown: refresh it or throw before dropping anything
    this.#length -= n
    while (end >= first.length) {
      end -= first.length
      this.#dropHead()
      if (end === 0) return
      first = this.#chunks[this.#head]!
    }
    this.#offset = end
  }

  /** Copy bytes `[start, end)` into a new allocation, always. @throws OutOfRangeError outside the buffered bytes. */
  slice(start = 0, end = this.#length): Uint8Array {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.#length || start > end) {
      throw new OutOfRangeError(`slice(${start}, ${end}) is outside the ${this.#length} buffered bytes`)
    }
    const out = allocUnsafe(this.#allocator, end - start, this.#alignment)
    this.#front(end) // that allocation may have detached a buffered copy
    copyRange(this.#chunks, this.#head, this.#offset, start, out)
    return out
  }

  /** Position of the first `byte` at or after `fromIndex`, or -1. Scans chunks in place, no copy. */
  indexOf(byte: number, fromIndex = 0): number {
    this.#front(this.#length)
    return indexOfByte(this.#chunks, this.#head, this.#offset, byte, fromIndex)
  }

  /** The byte at `index` from the front. @throws OutOfRangeError past the end. */
  getUint8(index: number): number {
    this.#checkRange(index, 1)
    this.#front(index + 1)
    return byteAt(this.#chunks, this.#head, this.#offset, index)
  }

  /** Little-endian uint16 at `index`, read across chunk edges without a copy. */
  getUint16LE(index: number): number {
    const first = this.#fast(index, 2)
    if (first === undefined) return this.getUint8(index) | (this.getUint8(index + 1) << 8)
    const i = index + this.#offset
    return first[i]! | (first[i + 1]! << 8)
  }

  /** Little-endian uint32 at `index`, read across chunk edges without a copy. */
  getUint32LE(index: number): number {
    const first = this.#fast(index, 4)
    if (first === undefined) {
      return (this.getUint8(index) | (this.getUint8(index + 1) << 8) | (this.getUint8(index + 2) << 16)) + this.getUint8(index + 3) * 0x1000000
    }
    const i = index + this.#offset
    return (first[i]! | (first[i + 1]! << 8) | (first[i + 2]! << 16)) + first[i + 3]! * 0x1000000
  }

  /** Little-endian int32 at `index`. */
  getInt32LE(index: number): number {
    return this.getUint32LE(index) | 0
  }

  /** Little-endian uint64 at `index` as a bigint. */
  getBigUint64LE(index: number): bigint {
    this.#checkRange(index, 8)
    return (BigInt(this.getUint32LE(index + 4)) << 32n) | BigInt(this.getUint32LE(index))
  }

  /** Little-endian int64 at `index` as a bigint. */
  getBigInt64LE(index: number): bigint {
    return BigInt.asIntN(64, this.getBigUint64LE(index))
  }

  /** Drop everything buffered. */
  clear(): void {
    this.#chunks = []
    this.#head = 0
    this.#offset = 0
    this.#length = 0
    this.#headIsCopy = false
  }

  /** The first chunk when `width` bytes at `index` sit in it (index checked), else undefined. */
  #fast(index: number, width: number): Uint8Array | undefined {
    this.#checkRange(index, width)
    const first = this.#front(0)
    return this.#offset + index + width <= first.length ? first : undefined
  }

  #checkCount(n: number, what: string): void {
    if (!Number.isInteger(n) || n < 0 || n > this.#length) {
      throw new OutOfRangeError(`${what}(${n}) needs ${n} bytes but ${this.#length} are buffered`)
    }
  }

  #checkRange(index: number, width: number): void {
    if (!Number.isInteger(index) || index < 0 || index + width > this.#length) {
      throw new OutOfRangeError(`reading ${width} byte(s) at ${index} is outside the ${this.#length} buffered bytes`)
    }
  }

  /**
   * Copy the first `n` bytes (more than the first chunk holds) into one allocation and take them out of the
   * chunks; returns it. The caller settles `#length` and compaction.
   */
  #copyFront(n: number): Uint8Array {
    const out = allocUnsafe(this.#allocator, n, this.#alignment)
    this.#front(n) // that allocation may have grown and detached the memory of a buffered copy
    const front = copyFront(this.#chunks, this.#head, this.#offset, out)
    this.#head = front.head
    this.#offset = front.offset
    this.#headIsCopy = false
    this.copies++
    this.copiedBytes += n
    return out
  }

  /** Drop the first chunk, wholly consumed. */
  #dropHead(): void {
    this.#chunks[this.#head++] = EMPTY
    this.#offset = 0
    this.#headIsCopy = false
    this.#compact()
  }

  /**
   * The first chunk (EMPTY when nothing is buffered), re-derived through the allocator when its
   * memory was detached and it is a spanning copy; checks that the chunks covering the first `upTo` bytes
   * are readable. @throws ReleasedMemoryError for a detached chunk that cannot be re-derived.
   */
  #front(upTo: number): Uint8Array {
    let first = this.#chunks[this.#head]
    if (first === undefined) return EMPTY
    if (first.length === 0) {
      const refreshed = this.#headIsCopy ? this.#allocator.refresh?.(first) : undefined
      if (refreshed === undefined || refreshed.length === 0) throw detachedChunkError()
      first = this.#chunks[this.#head] = refreshed
    }
    const seen = first.length - this.#offset
    if (seen < upTo) checkReadable(this.#chunks, this.#head, seen, upTo)
    return first
  }

  /** Re-derive a detached first chunk (see `#front`) and return this, to go on with the call. */
  #refreshed(): this {
    this.#front(0)
    return this
  }

  /** Drop the consumed slots once they are more than half the array (and over 64): amortised O(1) per chunk. */
  #compact(): void {
    if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head)
      this.#head = 0
    }
  }
}
