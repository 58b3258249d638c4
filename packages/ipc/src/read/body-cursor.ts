import { IpcFormatError, type Codec, type TypedArray } from '@lightstream/core'
import { resolveCodec } from '../compression/codec-registry'
import { decompressBuffer, type DecompressBudget } from '../compression/decompress-buffer'
import type { FieldNode, RecordBatchHeader } from '../metadata/message-metadata'
import { alignedView, emptyView, type ViewClass } from './aligned-view'
import type { ResolvedReadOptions } from './read-options'

const EMPTY = new Uint8Array(0)

/**
 * Walks the nodes, buffers and variadic buffer counts of one RecordBatch (or DictionaryBatch data) header in
 * order, handing out each buffer as a view of the body after checking its region lies inside it, and
 * decompressing it first when the body is compressed. O(1) per node or buffer, plus the codec's cost.
 * @internal
 */
export class BodyCursor {
  /** The body is `[#start, #start + #size)` of `#bytes`, read in place. */
  readonly #bytes: Uint8Array
  readonly #start: number
  readonly #size: number
  readonly #header: RecordBatchHeader
  readonly #options: ResolvedReadOptions
  readonly #codec: Codec | undefined
  #budget: DecompressBudget | undefined
  readonly #names: { what(): string }
  #node = 0
  #buffer = 0
  #variadic = 0
  /** The element count of the view the last {@link typed} call returned (read without a polymorphic `.length`). */
  viewLength = 0
  /**
   * Bytes of every buffer handed out so far (views and decompressed buffers; skipped ones not counted): what
   * the arrays read through this cursor hold, summed as they are made rather than read back from views of
   * several classes afterwards.
   */
  handedBytes = 0

  /**
   * The cursor of the body at `[start, start + size)` of `bytes` (checked by the caller to lie inside it).
   * @throws MissingDependencyError when the body is compressed with a codec that is neither passed nor registered.
   */
  constructor(bytes: Uint8Array, start: number, size: number, header: RecordBatchHeader, options: ResolvedReadOptions, names: { what(): string }) {
    this.#bytes = bytes
    this.#start = start
    this.#size = size
    this.#header = header
    this.#options = options
    this.#names = names
    const compression = header.compression
    this.#codec = compression === undefined ? undefined : resolveCodec(compression.codec, options.codecs, 'reading a compressed Arrow IPC body')
    this.#budget = undefined
  }

  /**
   * The next field node.
   * @throws IpcFormatError when the header lists fewer nodes than the schema has fields.
   */
  node(): FieldNode {
    const node = this.#header.nodes[this.#node]
    if (node === undefined) {
      throw new IpcFormatError(`Invalid IPC ${this.#names.what()}: it lists ${this.#header.nodes.length} field nodes, the schema needs more`)
    }
    this.#node++
    return node
  }

  /** The next region, checked against the body. */
  #region(): Uint8Array {
    const index = this.#buffer
    const region = this.#header.buffers[index]
    if (region === undefined) {
      throw new IpcFormatError(`Invalid IPC ${this.#names.what()}: it lists ${this.#header.buffers.length} buffers, the schema needs more`)
    }
    this.#buffer++
    const { offset, length } = region
    const size = this.#size
    if (!(offset >= 0 && length >= 0 && offset + length <= size)) {
      throw new IpcFormatError(`Invalid IPC ${this.#names.what()}: buffer ${index} [${offset}, ${offset + length}) lies outside the body of ${size} bytes`)
    }
    const bytes = this.#bytes
    return length === 0 ? EMPTY : new Uint8Array(bytes.buffer, bytes.byteOffset + this.#start + offset, length)
  }

  /**
   * The next buffer's bytes: a view of the body, or the codec's output for a compressed body.
   * @throws IpcFormatError for a region outside the body or a bad compressed buffer; FrameTooLargeError past
   * maxDecompressedBytes.
   */
  buffer(): Uint8Array {
    const bytes = this.#codec === undefined ? this.#region() : this.#decompressed()
    this.handedBytes += bytes.length
    return bytes
  }

  /** The next region decompressed (the body is compressed), counted in the stats when the codec ran. */
  #decompressed(): Uint8Array {
    const region = this.#region()
    const limit = this.#options.maxDecompressedBytes
    const budget = (this.#budget ??= { remaining: limit, limit })
    const { bytes, decoded } = decompressBuffer(region, this.#codec!, budget)
    if (decoded) {
      this.#options.stats.decompressedBuffers++
      this.#options.stats.decompressedBytes += bytes.length
    }
    return bytes
  }

  /**
   * The next buffer viewed as `Ctor` elements, like `alignedView(this.buffer(), Ctor, …)` but without the
   * intermediate byte view for an uncompressed body (one typed array made per buffer, not two: measurable
   * when a small table is read many times). A misaligned buffer is copied and counted as alignedView does.
   */
  typed(Ctor: ViewClass): TypedArray {
    const index = this.#buffer
    const region = this.#header.buffers[index]
    if (region !== undefined && this.#codec === undefined) {
      const { offset, length } = region
      const size = Ctor.BYTES_PER_ELEMENT
      const bytes = this.#bytes
      const start = bytes.byteOffset + this.#start + offset
      if (offset >= 0 && length >= 0 && offset + length <= this.#size && start % size === 0) {
        this.#buffer++
        const count = Math.floor(length / size)
        this.viewLength = count
        this.handedBytes += count * size
        return count === 0 ? emptyView(Ctor) : new Ctor(bytes.buffer as ArrayBuffer, start, count)
      }
    }
    // Compressed, missing, out of bounds (#region throws the error) or misaligned (alignedView copies).
    const view = alignedView(this.#codec === undefined ? this.#region() : this.#decompressed(), Ctor, this.#options.allocator, this.#options.stats)
    this.viewLength = view.length
    this.handedBytes += view.byteLength
    return view
  }

  /** Skip the next buffer (still bounds-checked, never decompressed). */
  skip(): void {
    this.#region()
  }

  /**
   * The number of variadic data buffers of the next view-typed field.
   * @throws IpcFormatError when the header lists too few counts.
   */
  variadicCount(): number {
    const count = this.#header.variadicBufferCounts[this.#variadic]
    if (count === undefined) {
      throw new IpcFormatError(`Invalid IPC ${this.#names.what()}: it lists ${this.#header.variadicBufferCounts.length} variadic buffer counts, the schema has more view fields`)
    }
    this.#variadic++
    return count
  }
}
