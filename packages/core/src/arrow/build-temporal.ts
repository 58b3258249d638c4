import type { BuildContext } from './builder-context'
import { Data } from './data'
import type { DateType, DurationType, IntervalType, TimestampType, TimeType } from './data-type'
import { DateUnit, IntervalUnit, TimeUnit } from './type'
import { typeToString } from './type-to-string'

/**
 * Builders of dates, times, timestamps, durations and intervals. JavaScript times (Date objects and epoch
 * milliseconds) are converted to the type's unit; bigints are taken as already in the unit.
 */

const MS_PER_DAY = 86_400_000

/** Epoch milliseconds of a Date or number, or undefined for other values. */
function epochMs(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime()
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** Date from Date objects or epoch ms (DAY: floored to whole days; MILLISECOND: floored to whole ms). */
export function buildDate(type: DateType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const day = type.unit === DateUnit.DAY
  const out = day ? ctx.alloc(Int32Array, n) : ctx.alloc(BigInt64Array, n)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    const ms = epochMs(v)
    if (ms === undefined || Number.isNaN(ms)) throw ctx.invalid(i, typeToString(type), v)
    if (day) (out as Int32Array)[i] = Math.floor(ms / MS_PER_DAY)
    else (out as BigInt64Array)[i] = BigInt(Math.floor(ms))
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}

/** Integer in the unit from a number or bigint (time of day, duration). */
function buildInUnit(type: TimeType | DurationType, wide: boolean, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const out = wide ? ctx.alloc(BigInt64Array, n) : ctx.alloc(Int32Array, n)
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    const ok = typeof v === 'bigint' ? BigInt.asIntN(wide ? 64 : 32, v) === v : typeof v === 'number' && Number.isInteger(v) && (wide || (v | 0) === v)
    if (!ok) throw ctx.invalid(i, typeToString(type), v)
    if (wide) (out as BigInt64Array)[i] = BigInt(v as number | bigint)
    else (out as Int32Array)[i] = Number(v)
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}

/** Time of day in its unit, from numbers or bigints. */
export function buildTime(type: TimeType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  return buildInUnit(type, type.bitWidth === 64, values, ctx)
}

/** Duration in its unit, from numbers or bigints. */
export function buildDuration(type: DurationType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  return buildInUnit(type, true, values, ctx)
}

/**
 * Timestamp from Date objects or epoch ms numbers (converted to the unit: floored for seconds, exact for
 * whole ms in finer units, sub-ms fractions rounded), or bigints already in the unit.
 */
export function buildTimestamp(type: TimestampType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const out = ctx.alloc(BigInt64Array, n)
  const perMs = type.unit === TimeUnit.MICROSECOND ? 1000 : type.unit === TimeUnit.NANOSECOND ? 1_000_000 : 1
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (typeof v === 'bigint') {
      if (BigInt.asIntN(64, v) !== v) throw ctx.invalid(i, typeToString(type), v)
      out[i] = v
      continue
    }
    const ms = epochMs(v)
    if (ms === undefined || Number.isNaN(ms)) throw ctx.invalid(i, typeToString(type), v)
    if (type.unit === TimeUnit.SECOND) out[i] = BigInt(Math.floor(ms / 1000))
    else {
      const whole = Math.floor(ms)
      out[i] = BigInt(whole) * BigInt(perMs) + BigInt(Math.round((ms - whole) * perMs))
    }
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}

/**
 * Interval: YEAR_MONTH from numbers of months; DAY_TIME from `{ days, milliseconds }`;
 * MONTH_DAY_NANO from `{ months, days, nanoseconds }` (nanoseconds a bigint or integer number).
 */
export function buildInterval(type: IntervalType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const { validity, nullCount } = ctx.validity(values)
  const words = type.unit === IntervalUnit.YEAR_MONTH ? 1 : type.unit === IntervalUnit.DAY_TIME ? 2 : 4
  const out = ctx.alloc(Int32Array, n * words)
  const int32 = (x: unknown): x is number => typeof x === 'number' && (x | 0) === x
  for (let i = 0; i < n; i++) {
    const v = values[i] as Record<string, unknown> | number | null | undefined
    if (v == null) continue
    const k = i * words
    if (words === 1) {
      if (!int32(v)) throw ctx.invalid(i, typeToString(type), v)
      out[k] = v
    } else if (typeof v !== 'object') {
      throw ctx.invalid(i, typeToString(type), v)
    } else if (words === 2) {
      if (!int32(v.days) || !int32(v.milliseconds)) throw ctx.invalid(i, typeToString(type), v)
      out[k] = v.days
      out[k + 1] = v.milliseconds
    } else {
      const ns = typeof v.nanoseconds === 'number' && Number.isInteger(v.nanoseconds) ? BigInt(v.nanoseconds) : v.nanoseconds
      if (!int32(v.months) || !int32(v.days) || typeof ns !== 'bigint' || BigInt.asIntN(64, ns) !== ns) throw ctx.invalid(i, typeToString(type), v)
      out[k] = v.months
      out[k + 1] = v.days
      out[k + 2] = Number(BigInt.asIntN(32, ns))
      out[k + 3] = Number(ns >> 32n)
    }
  }
  return new Data({ type, length: n, nullCount, validity, values: out })
}
