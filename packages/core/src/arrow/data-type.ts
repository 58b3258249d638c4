import type { Field } from './field'
import type { DateUnit, IntervalUnit, Precision, TimeUnit, Type, UnionMode } from './type'

/**
 * Arrow data types as plain readonly objects discriminated by `typeId` (the values of {@link Type}).
 * They carry no behaviour, so the IPC reader can build them straight from flatbuffer metadata and two
 * types compare with {@link typeEquals}. Build them with the constructor functions (`int32()`, `list(...)`).
 */

/** All slots are null; no buffers. */
export interface NullType { readonly typeId: typeof Type.Null }
/** Integer of 8, 16, 32 or 64 bits, signed or unsigned. */
export interface IntType { readonly typeId: typeof Type.Int; readonly bitWidth: 8 | 16 | 32 | 64; readonly signed: boolean }
/** IEEE 754 float of half, single or double precision. */
export interface FloatType { readonly typeId: typeof Type.Float; readonly precision: Precision }
/** Variable-length bytes with 32-bit offsets. */
export interface BinaryType { readonly typeId: typeof Type.Binary }
/** Variable-length UTF-8 string with 32-bit offsets. */
export interface Utf8Type { readonly typeId: typeof Type.Utf8 }
/** Variable-length bytes with 64-bit offsets. */
export interface LargeBinaryType { readonly typeId: typeof Type.LargeBinary }
/** Variable-length UTF-8 string with 64-bit offsets. */
export interface LargeUtf8Type { readonly typeId: typeof Type.LargeUtf8 }
/** Bytes stored as 16-byte views (inline up to 12 bytes, otherwise a reference into a variadic buffer). */
export interface BinaryViewType { readonly typeId: typeof Type.BinaryView }
/** UTF-8 strings stored as 16-byte views. */
export interface Utf8ViewType { readonly typeId: typeof Type.Utf8View }
/** Booleans, bit-packed LSB first. */
export interface BoolType { readonly typeId: typeof Type.Bool }
/** Exact decimal: a two's complement little-endian integer of `bitWidth` bits scaled by 10^-scale. */
export interface DecimalType {
  readonly typeId: typeof Type.Decimal
  readonly precision: number
  readonly scale: number
  readonly bitWidth: 32 | 64 | 128 | 256
}
/** Calendar date: days (int32) or milliseconds (int64) since the UNIX epoch. */
export interface DateType { readonly typeId: typeof Type.Date; readonly unit: DateUnit }
/** Time of day in `unit` since midnight; 32-bit for s/ms, 64-bit for us/ns. */
export interface TimeType { readonly typeId: typeof Type.Time; readonly unit: TimeUnit; readonly bitWidth: 32 | 64 }
/** Instant (with a timezone) or wall-clock time (timezone null) as int64 `unit`s since the epoch. */
export interface TimestampType { readonly typeId: typeof Type.Timestamp; readonly unit: TimeUnit; readonly timezone: string | null }
/** Calendar interval. */
export interface IntervalType { readonly typeId: typeof Type.Interval; readonly unit: IntervalUnit }
/** Elapsed time as int64 `unit`s. */
export interface DurationType { readonly typeId: typeof Type.Duration; readonly unit: TimeUnit }
/** Bytes of the same width in every slot. */
export interface FixedSizeBinaryType { readonly typeId: typeof Type.FixedSizeBinary; readonly byteWidth: number }
/** Variable-length list with 32-bit offsets into its child. */
export interface ListType { readonly typeId: typeof Type.List; readonly child: Field }
/** Variable-length list with 64-bit offsets. */
export interface LargeListType { readonly typeId: typeof Type.LargeList; readonly child: Field }
/** List stored as 32-bit (offset, size) pairs into its child, in any order. */
export interface ListViewType { readonly typeId: typeof Type.ListView; readonly child: Field }
/** List stored as 64-bit (offset, size) pairs. */
export interface LargeListViewType { readonly typeId: typeof Type.LargeListView; readonly child: Field }
/** List of exactly `listSize` child values per slot. */
export interface FixedSizeListType { readonly typeId: typeof Type.FixedSizeList; readonly listSize: number; readonly child: Field }
/** Named children of the same length. Names may repeat or be empty. */
export interface StructType { readonly typeId: typeof Type.Struct; readonly children: readonly Field[] }
/** List of key/value entries: `child` is the non-null entries struct with a key field and a value field. */
export interface MapType { readonly typeId: typeof Type.Map; readonly keysSorted: boolean; readonly child: Field }
/** One of several child types per slot; `typeIds[k]` is the type code of `children[k]`. */
export interface UnionType {
  readonly typeId: typeof Type.Union
  readonly mode: UnionMode
  readonly typeIds: readonly number[]
  readonly children: readonly Field[]
}
/** Runs of equal values: `runEnds` (Int16/32/64) holds the exclusive end of every run, `values` one value per run. */
export interface RunEndEncodedType { readonly typeId: typeof Type.RunEndEncoded; readonly runEnds: Field; readonly values: Field }
/** Integer indices into a dictionary of `dictionary` values; `id` names the dictionary in an IPC stream. */
export interface DictionaryType {
  readonly typeId: typeof Type.Dictionary
  readonly id: number
  readonly indices: IntType
  readonly dictionary: DataType
  readonly ordered: boolean
}

/** Any Arrow data type. Narrow on `typeId`. */
export type DataType =
  | NullType
  | IntType
  | FloatType
  | BinaryType
  | Utf8Type
  | LargeBinaryType
  | LargeUtf8Type
  | BinaryViewType
  | Utf8ViewType
  | BoolType
  | DecimalType
  | DateType
  | TimeType
  | TimestampType
  | IntervalType
  | DurationType
  | FixedSizeBinaryType
  | ListType
  | LargeListType
  | ListViewType
  | LargeListViewType
  | FixedSizeListType
  | StructType
  | MapType
  | UnionType
  | RunEndEncodedType
  | DictionaryType

/** The list-like types whose single child is `child`. */
export type AnyListType = ListType | LargeListType | ListViewType | LargeListViewType | FixedSizeListType | MapType
