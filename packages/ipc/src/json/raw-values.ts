import { Data, DateUnit, Type, binary, binaryView, int32, int64, largeBinary } from '@lightstream/core'
import type { DataType, ValueGetter } from '@lightstream/core'

/**
 * Exact reads of stored values, shared by the table comparison and the JSON writer: every slot is read
 * (null slots too, whatever they hold), 64-bit integers and times as bigint, decimals as the unscaled
 * bigint, dates as their stored day or millisecond count, strings as their UTF-8 bytes.
 */

/** Value options of the exact reads. */
export const RAW_OPTIONS = { useBigInt: true, useDecimalBigInt: true } as const

/**
 * The getter of a flat chunk that reads every slot's stored value exactly (see above); strings are
 * re-typed as binary in O(1), so invalid UTF-8 is seen byte for byte rather than as replacement
 * characters. Logical index, no null check.
 */
export function rawGetter(d: Data): ValueGetter {
  const t = d.type.typeId
  let type = t === Type.Utf8 ? binary() : t === Type.LargeUtf8 ? largeBinary() : t === Type.Utf8View ? binaryView() : d.type
  // Dates as their stored integers (the Date getter converts to milliseconds as a double).
  if (d.type.typeId === Type.Date) type = d.type.unit === DateUnit.DAY ? int32() : int64()
  return retype(d, type).getter(RAW_OPTIONS)
}

/** The stored dictionary index of every logical slot of dictionary-encoded data, as a number or bigint. */
export function indexGetter(d: Data): ValueGetter {
  const type = d.type as Extract<DataType, { typeId: typeof Type.Dictionary }>
  return retype(d, type.indices).getter(RAW_OPTIONS)
}

/** The same buffers as `d` (offset included) under `type` and without the validity bitmap. O(1), no copy. */
export function retype(d: Data, type: DataType): Data {
  return new Data({
    type, length: d.length, offset: d.offset, values: d.values ?? null, offsets: d.offsets ?? null, sizes: d.sizes ?? null,
    typeIds: d.typeIds ?? null, valueOffsets: d.valueOffsets ?? null, variadic: d.variadic, children: d.children, dictionary: d.dictionary ?? null,
  })
}
