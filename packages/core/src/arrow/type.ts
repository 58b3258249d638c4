/**
 * The numeric identifiers of the Arrow format, with exactly the values of the Arrow flatbuffer schema
 * (`Schema.fbs`), so metadata read from IPC bytes maps onto them without translation.
 */

/** Arrow type ids, as in the flatbuffer `Type` union. `Dictionary` (-1) is this library's marker for dictionary-encoded data. */
export const Type = {
  NONE: 0,
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  List: 12,
  Struct: 13,
  Union: 14,
  FixedSizeBinary: 15,
  FixedSizeList: 16,
  Map: 17,
  Duration: 18,
  LargeBinary: 19,
  LargeUtf8: 20,
  LargeList: 21,
  RunEndEncoded: 22,
  BinaryView: 23,
  Utf8View: 24,
  ListView: 25,
  LargeListView: 26,
  Dictionary: -1,
} as const
/** One of the values of {@link Type}. */
export type Type = (typeof Type)[keyof typeof Type]

/** Floating point precision (`Float.precision`). */
export const Precision = { HALF: 0, SINGLE: 1, DOUBLE: 2 } as const
/** One of the values of {@link Precision}. */
export type Precision = (typeof Precision)[keyof typeof Precision]

/** Unit of a `Date`: days (32-bit) or milliseconds (64-bit) since the UNIX epoch. */
export const DateUnit = { DAY: 0, MILLISECOND: 1 } as const
/** One of the values of {@link DateUnit}. */
export type DateUnit = (typeof DateUnit)[keyof typeof DateUnit]

/** Unit of a `Time`, `Timestamp` or `Duration`. */
export const TimeUnit = { SECOND: 0, MILLISECOND: 1, MICROSECOND: 2, NANOSECOND: 3 } as const
/** One of the values of {@link TimeUnit}. */
export type TimeUnit = (typeof TimeUnit)[keyof typeof TimeUnit]

/** Unit of an `Interval`. */
export const IntervalUnit = { YEAR_MONTH: 0, DAY_TIME: 1, MONTH_DAY_NANO: 2 } as const
/** One of the values of {@link IntervalUnit}. */
export type IntervalUnit = (typeof IntervalUnit)[keyof typeof IntervalUnit]

/** Layout of a `Union`: sparse (every child has the union's length) or dense (per-slot offsets into the selected child). */
export const UnionMode = { Sparse: 0, Dense: 1 } as const
/** One of the values of {@link UnionMode}. */
export type UnionMode = (typeof UnionMode)[keyof typeof UnionMode]

/** Version of the IPC metadata (`MetadataVersion`). V4 and V5 are current; V5 drops union validity bitmaps. */
export const MetadataVersion = { V1: 0, V2: 1, V3: 2, V4: 3, V5: 4 } as const
/** One of the values of {@link MetadataVersion}. */
export type MetadataVersion = (typeof MetadataVersion)[keyof typeof MetadataVersion]

/** Byte order of the buffers a schema describes. Only little-endian data is decoded by the value getters. */
export const Endianness = { Little: 0, Big: 1 } as const
/** One of the values of {@link Endianness}. */
export type Endianness = (typeof Endianness)[keyof typeof Endianness]

/** Short names of time units as used by {@link typeToString}: `s`, `ms`, `us`, `ns`. */
export const TIME_UNIT_NAMES = ['s', 'ms', 'us', 'ns'] as const
