import { InvalidArgumentError, OutOfRangeError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, checkAlignment, defaultAllocator } from './aligned-alloc'

/** Options for {@link StreamBuffer}. */
export interface StreamBufferOptions {
  /** Where the one copy goes when a range spans chunks. Defaults to {@link defaultAllocator}. */
  allocator?: Allocator
  /** Alignment asked of the allocator for those copies. Defaults to 64. */
  alignment?: number
}

const EMPTY = new Uint8Array(0)

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
 * Chunks are retained, not copied: the producer must not reuse a chunk's memory after pushing it.
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
  readonly #allocator: Allocator
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
    return this.#chunks[this.#head] ?? EMPTY
  }

  /** The buffered chunks in order, as views. No copy. */
  *chunks(): IterableIterator<Uint8Array> {
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
    const first = this.#chunks[this.#head]!
    if (first.byteLength >= n) return first.byteLength === n ? first : first.subarray(0, n)
    return this.#coalesce(n).subarray(0, n)
  }

  /**
   * Remove and return the first `n` bytes: a view when they sit in one chunk, otherwise one copy into
   * allocator memory.
   * @throws OutOfRangeError when fewer than `n` bytes are buffered.
   */
  take(n: number): Uint8Array {
    const bytes = this.peek(n)
    this.consume(n)
    return bytes
  }

  /**
   * Drop the first `n` bytes. O(chunks dropped), no copy.
   * @throws OutOfRangeError when fewer than `n` bytes are buffered.
   */
  consume(n: number): void {
    this.#checkCount(n, 'consume')
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

  /** Copy bytes `[start, end)` into a new allocation, always. */
  slice(start = 0, end = this.#length): Uint8Array {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.#length || start > end) {
      throw new OutOfRangeError(`slice(${start}, ${end}) is outside the ${this.#length} buffered bytes`)
    }
    const out = this.#allocator.alloc(end - start, this.#alignment)
    let pos = 0
    let skip = start
    for (let i = this.#head; i < this.#chunks.length && pos < out.byteLength; i++) {
      const chunk = this.#chunks[i]!
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength
        continue
      }
      const piece = chunk.subarray(skip, Math.min(chunk.byteLength, skip + out.byteLength - pos))
      out.set(piece, pos)
      pos += piece.byteLength
      skip = 0
    }
    return out
  }

  /** Position of the first `byte` at or after `fromIndex`, or -1. Scans chunks in place, no copy. */
  indexOf(byte: number, fromIndex = 0): number {
    let base = 0
    for (let i = this.#head; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i]!
      if (fromIndex < base + chunk.byteLength) {
        const found = chunk.indexOf(byte, Math.max(0, fromIndex - base))
        if (found >= 0) return base + found
      }
      base += chunk.byteLength
    }
    return -1
  }

  /** The byte at `index` from the front. @throws OutOfRangeError past the end. */
  getUint8(index: number): number {
    this.#checkRange(index, 1)
    let i = this.#head
    let chunk = this.#chunks[i]!
    while (index >= chunk.byteLength) {
      index -= chunk.byteLength
      chunk = this.#chunks[++i]!
    }
    return chunk[index]!
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
  }

  #fast(index: number, width: number): Uint8Array | undefined {
    this.#checkRange(index, width)
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
    const merged = this.#allocator.alloc(n, this.#alignment)
    let pos = 0
    let i = this.#head
    while (pos < n) {
      const chunk = this.#chunks[i]!
      const want = n - pos
      if (chunk.byteLength <= want) {
        merged.set(chunk, pos)
        pos += chunk.byteLength
        this.#chunks[i++] = EMPTY
      } else {
        merged.set(chunk.subarray(0, want), pos)
        pos = n
        this.#chunks[i] = chunk.subarray(want)
      }
    }
    this.copies++
    this.copiedBytes += n
    // The merged chunk takes the slot just before the first chunk still holding bytes.
    this.#chunks[--i] = merged
    this.#head = i
    this.#compact()
    return merged
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
