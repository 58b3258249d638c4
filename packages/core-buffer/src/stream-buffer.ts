import { InvalidArgumentError, OutOfRangeError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, allocUnsafe, checkAlignment, defaultAllocator } from './aligned-alloc'
import { EMPTY, byteAt, checkReadable, copyRange, detachedChunkError, indexOfByte, mergeFront } from './chunk-rope'

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
 * A rope of received chunks: bytes are appended as they arrive and read from the front, without copying
 * unless a range the caller needs contiguous spans two or more chunks.
 *
 * Copy semantics are in the names:
 * - `push`, `consume`, `head`, `chunks`, the `get*` readers and `indexOf` never copy;
 * - `peek` and `take` return a view when the range sits in one chunk, and otherwise copy it once into memory
 *   from the Allocator (the merged bytes then replace those chunks, so asking again costs nothing);
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
  #chunks: Uint8Array[] = []
  #head = 0
  #length = 0
  readonly #allocator: Allocator & { refresh?(view: Uint8Array): Uint8Array }
  /** The allocation behind the first chunk when that chunk is a spanning copy, and how much of it is consumed. */
  #merged: Uint8Array | undefined
  #mergedSkip = 0
  readonly #alignment: number
  /** How many times a spanning range was copied into one piece (statistics; tests assert on it). */
  copies = 0
  /** Total bytes those copies moved. */
  copiedBytes = 0

  constructor(options: StreamBufferOptions = {}) {
    this.#allocator = options.allocator ?? defaultAllocator
    this.#alignment = checkAlignment(options.alignment ?? DEFAULT_ALIGNMENT)
  }

  /** Bytes buffered and not yet consumed. */
  get length(): number {
    return this.#length
  }

  /** Number of chunks holding those bytes. */
  get chunkCount(): number {
    return this.#chunks.length - this.#head
  }

  /** Append a chunk. O(1), no copy; empty chunks are ignored. */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new InvalidArgumentError('StreamBuffer.push expects a Uint8Array')
    if (chunk.byteLength === 0) return
    this.#chunks.push(chunk)
    this.#length += chunk.byteLength
  }

  /** The contiguous bytes at the front: a view of the first chunk's unconsumed part. O(1), no copy. */
  head(): Uint8Array {
    this.#live(0)
    return this.#chunks[this.#head] ?? EMPTY
  }

  /** The buffered chunks in order, as views. No copy. */
  *chunks(): IterableIterator<Uint8Array> {
    this.#live(0)
    for (let i = this.#head; i < this.#chunks.length; i++) yield this.#chunks[i]!
  }

  /**
   * The first `n` bytes as one Uint8Array, without consuming them. A view when they sit in one chunk;
   * otherwise one copy into allocator memory, which then replaces those chunks.
   * @throws OutOfRangeError when fewer than `n` bytes are buffered.
   */
  peek(n: number): Uint8Array {
    this.#checkCount(n, 'peek')
    if (n === 0) return EMPTY
    this.#live(0)
    const first = this.#chunks[this.#head]!
    if (first.byteLength >= n) return first.byteLength === n ? first : first.subarray(0, n)
    const merged = this.#coalesce(n)
    return merged.byteLength === n ? merged : merged.subarray(0, n) // the allocation itself: an arena can refresh it
  }

  /** Remove and return the first `n` bytes, a view or one copy as {@link peek}. @throws OutOfRangeError as `peek`. */
  take(n: number): Uint8Array {
    const bytes = this.peek(n)
    this.consume(n)
    return bytes
  }

  /** Drop the first `n` bytes. O(chunks dropped), no copy. @throws OutOfRangeError when fewer are buffered. */
  consume(n: number): void {
    this.#checkCount(n, 'consume')
    this.#live(0)
    if (this.#merged !== undefined && n > 0) {
      if (n < this.#chunks[this.#head]!.byteLength) this.#mergedSkip += n
      else this.#merged = undefined
    }
    this.#length -= n
    while (n > 0) {
      const first = this.#chunks[this.#head]!
      if (first.byteLength > n) {
        this.#chunks[this.#head] = first.subarray(n)
        break
      }
      n -= first.byteLength
      this.#chunks[this.#head++] = EMPTY
    }
    this.#compact()
  }

  /** Copy bytes `[start, end)` into a new allocation, always. @throws OutOfRangeError outside the buffered bytes. */
  slice(start = 0, end = this.#length): Uint8Array {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.#length || start > end) {
      throw new OutOfRangeError(`slice(${start}, ${end}) is outside the ${this.#length} buffered bytes`)
    }
    const out = allocUnsafe(this.#allocator, end - start, this.#alignment)
    this.#live(end) // that allocation may have detached a buffered copy
    copyRange(this.#chunks, this.#head, start, out)
    return out
  }

  /** Position of the first `byte` at or after `fromIndex`, or -1. Scans chunks in place, no copy. */
  indexOf(byte: number, fromIndex = 0): number {
    this.#live(this.#length)
    return indexOfByte(this.#chunks, this.#head, byte, fromIndex)
  }

  /** The byte at `index` from the front. @throws OutOfRangeError past the end. */
  getUint8(index: number): number {
    this.#checkRange(index, 1)
    this.#live(index + 1)
    return byteAt(this.#chunks, this.#head, index)
  }

  /** Little-endian uint16 at `index`, read across chunk edges without a copy. */
  getUint16LE(index: number): number {
    const first = this.#fast(index, 2)
    if (first) return first[index]! | (first[index + 1]! << 8)
    return this.getUint8(index) | (this.getUint8(index + 1) << 8)
  }

  /** Little-endian uint32 at `index`, read across chunk edges without a copy. */
  getUint32LE(index: number): number {
    const first = this.#fast(index, 4)
    if (first) return (first[index]! | (first[index + 1]! << 8) | (first[index + 2]! << 16)) + first[index + 3]! * 0x1000000
    return (this.getUint8(index) | (this.getUint8(index + 1) << 8) | (this.getUint8(index + 2) << 16)) + this.getUint8(index + 3) * 0x1000000
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
    this.#length = 0
    this.#merged = undefined
  }

  #fast(index: number, width: number): Uint8Array | undefined {
    this.#checkRange(index, width)
    this.#live(0)
    const first = this.#chunks[this.#head]!
    return index + width <= first.byteLength ? first : undefined
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

  /** Merge the chunks covering the first `n` bytes into one allocation; returns it. */
  #coalesce(n: number): Uint8Array {
    const merged = allocUnsafe(this.#allocator, n, this.#alignment)
    this.#live(n) // that allocation may have grown and detached the memory of a buffered copy
    this.#head = mergeFront(this.#chunks, this.#head, n, merged)
    this.copies++
    this.copiedBytes += n
    this.#merged = merged
    this.#mergedSkip = 0
    this.#compact()
    return merged
  }

  /**
   * Re-derive the first chunk when its memory was detached and it is a spanning copy the allocator can
   * refresh; check that the chunks covering the first `upTo` bytes are readable.
   * @throws ReleasedMemoryError for a detached chunk that cannot be re-derived.
   */
  #live(upTo: number): void {
    let first = this.#chunks[this.#head]
    if (first === undefined) return
    if (first.byteLength === 0) {
      if (this.#merged === undefined || this.#allocator.refresh === undefined) throw detachedChunkError()
      this.#merged = this.#allocator.refresh(this.#merged)
      first = this.#chunks[this.#head] = this.#merged.subarray(this.#mergedSkip)
    }
    if (first.byteLength < upTo) checkReadable(this.#chunks, this.#head, first.byteLength, upTo)
  }

  #compact(): void {
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0
      this.#head = 0
    } else if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head)
      this.#head = 0
    }
  }
}
