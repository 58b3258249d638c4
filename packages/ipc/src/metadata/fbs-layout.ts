/**
 * Field slots (index into the vtable, `voffset = 4 + 2 * slot`) and union/enum ids of the Arrow IPC
 * flatbuffer schemas Schema.fbs, Message.fbs and File.fbs (format version 1.4: views, list views,
 * run-end encoded). A union field takes two slots: the `_type` byte, then the table offset.
 * Defaults are the schema defaults: writing a value equal to its default omits the field, so the reader
 * and the writer must agree on them; both take them from here.
 *
 * @internal
 */

/** `table Message { version: MetadataVersion; header: MessageHeader; bodyLength: long; custom_metadata: [KeyValue] }` */
export const MessageSlot = { version: 0, headerType: 1, header: 2, bodyLength: 3, customMetadata: 4, count: 5 } as const

/** `union MessageHeader { Schema, DictionaryBatch, RecordBatch, Tensor, SparseTensor }` (0 is NONE). */
export const MessageHeaderId = { NONE: 0, Schema: 1, DictionaryBatch: 2, RecordBatch: 3, Tensor: 4, SparseTensor: 5 } as const

/** `table Schema { endianness: Endianness = Little; fields: [Field]; custom_metadata: [KeyValue]; features: [Feature] }` */
export const SchemaSlot = { endianness: 0, fields: 1, customMetadata: 2, features: 3, count: 4 } as const

/** `table Field { name; nullable: bool; type: Type; dictionary: DictionaryEncoding; children: [Field]; custom_metadata }` */
export const FieldSlot = { name: 0, nullable: 1, typeType: 2, type: 3, dictionary: 4, children: 5, customMetadata: 6, count: 7 } as const

/** `table DictionaryEncoding { id: long; indexType: Int; isOrdered: bool; dictionaryKind: DictionaryKind }` */
export const DictionaryEncodingSlot = { id: 0, indexType: 1, isOrdered: 2, dictionaryKind: 3, count: 4 } as const

/** `table KeyValue { key: string; value: string }` */
export const KeyValueSlot = { key: 0, value: 1, count: 2 } as const

/** `table RecordBatch { length: long; nodes: [FieldNode]; buffers: [Buffer]; compression; variadicBufferCounts: [long] }` */
export const RecordBatchSlot = { length: 0, nodes: 1, buffers: 2, compression: 3, variadicBufferCounts: 4, count: 5 } as const

/** `table BodyCompression { codec: CompressionType = LZ4_FRAME; method: BodyCompressionMethod = BUFFER }` (both bytes). */
export const BodyCompressionSlot = { codec: 0, method: 1, count: 2 } as const

/** `enum CompressionType: byte { LZ4_FRAME, ZSTD }` */
export const CompressionTypeId = { LZ4_FRAME: 0, ZSTD: 1 } as const

/** `table DictionaryBatch { id: long; data: RecordBatch; isDelta: bool = false }` */
export const DictionaryBatchSlot = { id: 0, data: 1, isDelta: 2, count: 3 } as const

/** `table Footer { version; schema: Schema; dictionaries: [Block]; recordBatches: [Block]; custom_metadata }` */
export const FooterSlot = { version: 0, schema: 1, dictionaries: 2, recordBatches: 3, customMetadata: 4, count: 5 } as const

/** Inline struct sizes: FieldNode {length, null_count: long}, Buffer {offset, length: long}, Block {offset: long; metaDataLength: int; (pad 4) bodyLength: long}. */
export const StructSize = { FieldNode: 16, Buffer: 16, Block: 24 } as const

/**
 * Slots and defaults of the type tables of the `Type` union. Tables without fields (Null, Binary, Utf8,
 * Bool, List, Struct_, LargeBinary, LargeUtf8, LargeList, RunEndEncoded, views, list views) have none.
 */
export const TypeSlot = {
  Int: { bitWidth: 0, isSigned: 1, count: 2 },
  FloatingPoint: { precision: 0, count: 1 },
  Decimal: { precision: 0, scale: 1, bitWidth: 2, count: 3, defaultBitWidth: 128 },
  Date: { unit: 0, count: 1, defaultUnit: 1 /* MILLISECOND */ },
  Time: { unit: 0, bitWidth: 1, count: 2, defaultUnit: 1 /* MILLISECOND */, defaultBitWidth: 32 },
  Timestamp: { unit: 0, timezone: 1, count: 2, defaultUnit: 0 /* SECOND */ },
  Interval: { unit: 0, count: 1, defaultUnit: 0 /* YEAR_MONTH */ },
  Duration: { unit: 0, count: 1, defaultUnit: 1 /* MILLISECOND */ },
  FixedSizeBinary: { byteWidth: 0, count: 1 },
  FixedSizeList: { listSize: 0, count: 1 },
  Map: { keysSorted: 0, count: 1 },
  Union: { mode: 0, typeIds: 1, count: 2 },
} as const

/** Largest precision each decimal width holds (a format fact, checked by the reader and the writer). */
export const DECIMAL_MAX_PRECISION = { 32: 9, 64: 18, 128: 38, 256: 76 } as const

/** Nesting limit for fields inside fields, far above real schemas and well below any stack limit. */
export const MAX_FIELD_DEPTH = 64
