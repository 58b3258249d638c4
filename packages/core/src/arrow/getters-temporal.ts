import { EMPTY_BYTES, EMPTY_INT32, need, readInt64, wordsOf } from './buffer-views'
import type { Data } from './data'
import type { DateType, IntervalType, TimestampType, TimeType } from './data-type'
import type { RawGetter } from './value-getter'
import { DateUnit, IntervalUnit, TimeUnit } from './type'
import type { DayTimeInterval, MonthDayNanoInterval, ValueOptions } from './value-options'

/**
 * Physical-slot readers for dates, times, timestamps, durations and intervals. 64-bit values are read
 * as two 32-bit words unless a bigint is asked for, so the default path creates no bigint.
 */

const MS_PER_DAY = 86_400_000

/** Date: epoch milliseconds (number), or a Date with `useDate`. */
export function dateGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as DateType
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  const useDate = options.useDate === true
  if (type.unit === DateUnit.DAY) {
    const days = values as Int32Array
    return useDate ? (j) => new Date(days[j]! * MS_PER_DAY) : (j) => days[j]! * MS_PER_DAY
  }
  const words = wordsOf(values)
  return useDate ? (j) => new Date(readInt64(words, j)) : (j) => readInt64(words, j)
}

/** Time of day in its unit: number, or bigint for 64-bit times with `useBigInt`. */
export function timeGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as TimeType
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  if (type.bitWidth === 32 || options.useBigInt) {
    const v = values as Int32Array
    return (j) => v[j]
  }
  const words = wordsOf(values)
  return (j) => readInt64(words, j)
}

/** Milliseconds per unit, by TimeUnit. */
const MS_PER_UNIT = [1000, 1, 1e-3, 1e-6] as const
/** Units per millisecond, by TimeUnit (dividing is exact where multiplying by 1e-3 is not). */
const UNITS_PER_MS = [1e-3, 1, 1000, 1e6] as const

/**
 * Timestamp: epoch milliseconds as a number (fractional for us/ns), a Date with `useDate`, or the raw
 * bigint in its unit with `useBigInt` (`useDate` wins when both are set).
 */
export function timestampGetter(data: Data, options: ValueOptions): RawGetter {
  const type = data.type as TimestampType
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  if (!options.useDate && options.useBigInt) {
    const v = values as BigInt64Array
    return (j) => v[j]
  }
  const words = wordsOf(values)
  let toMs: RawGetter
  if (type.unit === TimeUnit.MILLISECOND) toMs = (j) => readInt64(words, j)
  else if (type.unit === TimeUnit.SECOND) toMs = (j) => readInt64(words, j) * 1000
  else {
    const divisor = UNITS_PER_MS[type.unit] ?? 1
    toMs = (j) => readInt64(words, j) / divisor
  }
  return options.useDate ? (j) => new Date(toMs(j) as number) : toMs
}

/** Duration in its unit: number, or bigint with `useBigInt`. */
export function durationGetter(data: Data, options: ValueOptions): RawGetter {
  const values = need(data.values, 'values', data, EMPTY_BYTES)
  if (options.useBigInt) {
    const v = values as BigInt64Array
    return (j) => v[j]
  }
  const words = wordsOf(values)
  return (j) => readInt64(words, j)
}

/**
 * Interval: YEAR_MONTH → months (number); DAY_TIME → {@link DayTimeInterval}; MONTH_DAY_NANO →
 * {@link MonthDayNanoInterval} with bigint nanoseconds.
 */
export function intervalGetter(data: Data): RawGetter {
  const type = data.type as IntervalType
  const v = need(data.values, 'values', data, EMPTY_INT32) as Int32Array
  if (type.unit === IntervalUnit.YEAR_MONTH) return (j) => v[j]
  if (type.unit === IntervalUnit.DAY_TIME) {
    return (j): DayTimeInterval => ({ days: v[2 * j]!, milliseconds: v[2 * j + 1]! })
  }
  return (j): MonthDayNanoInterval => {
    const k = 4 * j
    return { months: v[k]!, days: v[k + 1]!, nanoseconds: (BigInt(v[k + 3]!) << 32n) | BigInt(v[k + 2]! >>> 0) }
  }
}

/** Milliseconds in one `unit` (s: 1000, ms: 1, us: 0.001, ns: 1e-6). */
export function msPerUnit(unit: TimeUnit): number {
  return MS_PER_UNIT[unit] ?? 1
}
