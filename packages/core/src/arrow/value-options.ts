/**
 * How stored values become JavaScript values. Every flag defaults to false; the defaults give plain
 * numbers, strings and arrays, exact except where noted.
 *
 * | Type | default | with the flag |
 * |---|---|---|
 * | Int64 / Uint64, Time64, Duration | number (exact up to 2^53, rounded beyond) | `useBigInt`: bigint |
 * | Timestamp | epoch milliseconds as a number (fractional for us/ns, limited to a double's precision) | `useDate`: Date; else `useBigInt`: the raw bigint in its unit |
 * | Date (day, ms) | epoch milliseconds as a number | `useDate`: Date |
 * | Decimal | exact string with the point applied, e.g. `"-123.45"` | `useDecimalBigInt`: the unscaled bigint |
 * | Map | array of `[key, value]` entries | `useMap`: a Map (later duplicate keys win) |
 */
export interface ValueOptions {
  /** 64-bit integers, Time64, Duration and Timestamp (raw, in its unit) as bigint. */
  readonly useBigInt?: boolean
  /** Date and Timestamp values as Date objects. Takes precedence over `useBigInt` for timestamps. */
  readonly useDate?: boolean
  /** Decimals as their unscaled bigint instead of an exact decimal string. */
  readonly useDecimalBigInt?: boolean
  /** Maps as Map instead of an array of entries. */
  readonly useMap?: boolean
}

/** Number of distinct {@link optionsKey} values. */
export const OPTION_KEYS = 16

/** A small integer identifying the flags that matter, used to cache one getter per option set. O(1). */
export function optionsKey(options: ValueOptions | undefined): number {
  if (options === undefined) return 0
  return (options.useBigInt ? 1 : 0) | (options.useDate ? 2 : 0) | (options.useDecimalBigInt ? 4 : 0) | (options.useMap ? 8 : 0)
}

/** Value of an `Interval<DayTime>` slot. */
export interface DayTimeInterval {
  days: number
  milliseconds: number
}

/** Value of an `Interval<MonthDayNano>` slot. */
export interface MonthDayNanoInterval {
  months: number
  days: number
  nanoseconds: bigint
}
