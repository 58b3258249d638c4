import type { Allocator, Codec, MetadataVersion } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'
import { compressBuffer } from '../compression/compress-buffer'
import type { BufferRegion, FieldNode } from '../metadata/message-metadata'

/** Zero bytes for padding; parts are views of it (never written to). Covers any padding below 64. */
const ZEROS = new Uint8Array(64)

/** The padding views by length, made once: a message body of small buffers has one after every buffer. */
const PADDINGS: Uint8Array[] = Array.from({ length: 64 }, (_, n) => ZEROS.subarray(0, n))

/**
 * `count` (< 64) zero bytes: one shared view per length, so the same object may appear several times in
 * a message's parts (nothing writes to parts). O(1), no allocation. @internal
 */
export function padding(count: number): Uint8Array {
  return PADDINGS[count] ?? ZEROS.subarray(0, count)
}

/** Copies the writer had to make, for tests and tuning. */
export interface EncodeStats {
  /** Buffers copied: bitmaps re-packed for an offset that is not a multiple of 8, rebased offsets, clamped run ends. */
  copies: number
  /** Bytes those copies hold. */
  copiedBytes: number
}

/** What the body of one RecordBatch or DictionaryBatch message holds. @internal */
export interface EncodedBody {
  readonly nodes: FieldNode[]
  readonly buffers: BufferRegion[]
  readonly variadicBufferCounts: number[]
  /** The body: each buffer (a view of the Data's memory, or its compressed form) followed by zero padding. */
  readonly parts: Uint8Array[]
  /** Sum of the parts' lengths: a multiple of the alignment. */
  readonly bodyLength: number
}

/**
 * Accumulates the field nodes, buffer regions and body parts of one message body. Each buffer is placed at
 * the next multiple of the alignment from the body start and followed by zero padding up to the next one,
 * so the body length is a multiple of the alignment too. Nothing is concatenated: parts are the buffers
 * themselves (views), the codec's output when compressing, and views of a shared zero block.
 * @internal
 */
export class BodyWriter implements EncodedBody {
  readonly nodes: FieldNode[] = []
  readonly buffers: BufferRegion[] = []
  readonly variadicBufferCounts: number[] = []
  readonly parts: Uint8Array[] = []
  bodyLength = 0

  constructor(
    readonly version: MetadataVersion,
    private readonly alignment: number,
    private readonly codec: Codec | undefined,
    private readonly allocator: Allocator,
    private readonly stats: EncodeStats,
  ) {}

  /** Appends a field node. O(1). */
  addNode(length: number, nullCount: number): void {
    this.nodes.push({ length, nullCount })
  }

  /** Appends one buffer (compressed first when a codec is set) and its padding. O(1) without a codec. */
  addBuffer(bytes: Uint8Array): void {
    const offset = this.bodyLength
    let length: number
    if (bytes.byteLength === 0) {
      length = 0
    } else if (this.codec === undefined) {
      this.parts.push(bytes)
      length = bytes.byteLength
    } else {
      const compressed = compressBuffer(this.codec, bytes)
      for (const part of compressed.parts) this.parts.push(part)
      length = compressed.byteLength
    }
    this.buffers.push({ offset, length })
    const end = offset + length
    const pad = (this.alignment - (end % this.alignment)) % this.alignment
    if (pad > 0) this.parts.push(padding(pad))
    this.bodyLength = end + pad
  }

  /**
   * `byteLength` bytes from the allocator for a buffer the writer must build (every byte is overwritten by
   * the caller), counted in the stats.
   */
  allocCopy(byteLength: number): Uint8Array {
    this.stats.copies++
    this.stats.copiedBytes += byteLength
    return allocUnsafe(this.allocator, byteLength, 8)
  }
}
