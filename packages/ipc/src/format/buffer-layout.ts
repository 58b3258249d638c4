import { MetadataVersion, Type, UnionMode, type DataType, type Field } from '@lightstream/core'

/**
 * Which `Data` field an IPC buffer fills. The IPC body lists buffers field by field, depth first; each field's
 * buffers come in the order {@link bufferSlots} gives, followed by its children's.
 */
export type BufferSlot = 'validity' | 'values' | 'offsets' | 'sizes' | 'typeIds' | 'valueOffsets'

const PRIMITIVE: readonly BufferSlot[] = ['validity', 'values']
const VARIABLE: readonly BufferSlot[] = ['validity', 'offsets', 'values']
const LIST: readonly BufferSlot[] = ['validity', 'offsets']
const LIST_VIEW: readonly BufferSlot[] = ['validity', 'offsets', 'sizes']
const VALIDITY_ONLY: readonly BufferSlot[] = ['validity']
const NONE: readonly BufferSlot[] = []
const SPARSE: readonly BufferSlot[] = ['typeIds']
const DENSE: readonly BufferSlot[] = ['typeIds', 'valueOffsets']
const SPARSE_V4: readonly BufferSlot[] = ['validity', 'typeIds']
const DENSE_V4: readonly BufferSlot[] = ['validity', 'typeIds', 'valueOffsets']

/**
 * The fixed buffers of one field of type `type` in an IPC record batch, in body order. BinaryView and Utf8View
 * add their variadic data buffers after these (as many as the batch's `variadicBufferCounts` says, in the
 * order the view fields appear depth first). A dictionary-encoded field has its index type's buffers; the
 * dictionary travels in DictionaryBatch messages. Before metadata V5, unions also carried a validity buffer,
 * which readers skip and writers of V4 emit empty.
 */
export function bufferSlots(type: DataType, version: MetadataVersion = MetadataVersion.V5): readonly BufferSlot[] {
  switch (type.typeId) {
    case Type.Null:
    case Type.RunEndEncoded:
      return NONE
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8:
      return VARIABLE
    case Type.List:
    case Type.LargeList:
    case Type.Map:
      return LIST
    case Type.ListView:
    case Type.LargeListView:
      return LIST_VIEW
    case Type.FixedSizeList:
    case Type.Struct:
      return VALIDITY_ONLY
    case Type.Union:
      if (version < MetadataVersion.V5) return type.mode === UnionMode.Dense ? DENSE_V4 : SPARSE_V4
      return type.mode === UnionMode.Dense ? DENSE : SPARSE
    default:
      // Bool, Int, Float, Decimal, Date, Time, Timestamp, Duration, Interval, FixedSizeBinary, the views
      // (their fixed 16-byte view structs) and Dictionary (its indices).
      return PRIMITIVE
  }
}

/** True for the types followed by variadic data buffers. */
export function hasVariadicBuffers(type: DataType): boolean {
  return type.typeId === Type.BinaryView || type.typeId === Type.Utf8View
}

/** The child fields of every type without children (shared: the walks ask for them once per node). */
const NO_FIELDS: readonly Field[] = Object.freeze([])

/**
 * The child fields whose nodes and buffers follow this field's in the body, in order. Dictionary-encoded
 * fields have none here: their value type's children belong to the dictionary's own batch.
 */
export function childFields(type: DataType): readonly Field[] {
  switch (type.typeId) {
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView:
    case Type.FixedSizeList:
    case Type.Map:
      return [type.child]
    case Type.Struct:
    case Type.Union:
      return type.children
    case Type.RunEndEncoded:
      return [type.runEnds, type.values]
    default:
      return NO_FIELDS
  }
}
