import type { MetadataInit, MetadataVersion, Schema } from '@lightstream/core'

/**
 * The decoded shapes of Arrow IPC metadata: what {@link readMessage} and {@link readFooter} return and what
 * the writers take. Plain readonly objects; every 64-bit quantity is a `number` (the readers reject values
 * beyond ±(2^53 - 1) with `UnsupportedFeatureError` rather than round them).
 */

/** One entry of the flattened field tree of a record batch: slot count and null count of that array. */
export interface FieldNode {
  readonly length: number
  readonly nullCount: number
}

/** Where one buffer lies in the message body: `offset` from the body start and `length`, in bytes. */
export interface BufferRegion {
  readonly offset: number
  readonly length: number
}

/** Buffer-level body compression: each buffer is `int64 LE uncompressed length` + compressed bytes (-1 = raw). */
export interface BodyCompression {
  readonly codec: 'lz4_frame' | 'zstd'
  readonly method: 'buffer'
}

/** The Schema message: the core `Schema` (fields, types, dictionary encodings, metadata, endianness). */
export interface SchemaHeader {
  readonly type: 'schema'
  readonly schema: Schema
}

/** A RecordBatch message header: row count and the pre-order flattened nodes and buffers of the body. */
export interface RecordBatchHeader {
  readonly type: 'recordBatch'
  /** Rows in the batch. */
  readonly length: number
  /** One per field in pre-order (a struct's node, then its children's). */
  readonly nodes: readonly FieldNode[]
  /** One per buffer of every node, in the same order; regions of the message body. */
  readonly buffers: readonly BufferRegion[]
  /** Present when the body buffers are compressed. */
  readonly compression?: BodyCompression
  /** One count per view-typed (BinaryView, Utf8View) field in pre-order; empty when there are none. */
  readonly variadicBufferCounts: readonly number[]
}

/** A DictionaryBatch message header: the dictionary `id`, its values as a one-column batch, delta or replacement. */
export interface DictionaryBatchHeader {
  readonly type: 'dictionaryBatch'
  readonly id: number
  readonly data: RecordBatchHeader
  /** True: append to the dictionary in force; false: replace it. */
  readonly isDelta: boolean
}

/** The header of any message this package reads. */
export type MessageHeader = SchemaHeader | RecordBatchHeader | DictionaryBatchHeader

/** A decoded encapsulated message flatbuffer. */
export interface MessageMetadata {
  /** The metadata version (`MetadataVersion.V4` or `MetadataVersion.V5`). */
  readonly version: MetadataVersion
  /** Bytes of body following the metadata (a multiple of 8 for conforming writers). */
  readonly bodyLength: number
  /** Message-level custom metadata (empty when absent). */
  readonly customMetadata: ReadonlyMap<string, string>
  readonly header: MessageHeader
}

/** Where one message lies in an IPC file: byte `offset` of the encapsulated message, metadata and body sizes. */
export interface Block {
  /** Offset of the message (its continuation marker or length prefix) from the start of the file. */
  readonly offset: number
  /** Prefix + flatbuffer + padding, in bytes; the body starts at `offset + metaDataLength`. */
  readonly metaDataLength: number
  readonly bodyLength: number
}

/** A decoded IPC file footer. */
export interface Footer {
  /** `MetadataVersion.V4` or `MetadataVersion.V5`. */
  readonly version: MetadataVersion
  readonly schema: Schema
  readonly dictionaries: readonly Block[]
  readonly recordBatches: readonly Block[]
  readonly customMetadata: ReadonlyMap<string, string>
}

/** Options shared by the message writers. */
export interface WriteMessageOptions {
  /** `MetadataVersion.V5` (default) or `MetadataVersion.V4`. */
  readonly version?: MetadataVersion
  /** Message-level custom metadata. */
  readonly customMetadata?: MetadataInit
}
