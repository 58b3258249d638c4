import { InvalidArgumentError } from '../errors'
import type {
  BinaryType, BinaryViewType, BoolType, DateType, DecimalType, DurationType, FixedSizeBinaryType, FloatType, IntervalType,
  IntType, LargeBinaryType, LargeUtf8Type, NullType, TimestampType, TimeType, Utf8Type, Utf8ViewType,
} from './data-type'
import { DateUnit, IntervalUnit, Precision, TimeUnit, Type } from './type'

/**
 * Constructor functions for the flat (childless) data types. Each returns a fresh frozen-shape plain
 * object in O(1). Nested types are in `nested-type-constructors.ts`.
 */

const isUnit = (unit: unknown, max: number): boolean => Number.isInteger(unit) && (unit as number) >= 0 && (unit as number) <= max

/** The Null type: every slot is null. */
export const nullType = (): NullType => ({ typeId: Type.Null })

/**
 * An integer type.
 * @throws InvalidArgumentError when `bitWidth` is not 8, 16, 32 or 64.
 */
export function int(bitWidth: 8 | 16 | 32 | 64, signed = true): IntType {
  if (bitWidth !== 8 && bitWidth !== 16 && bitWidth !== 32 && bitWidth !== 64) {
    throw new InvalidArgumentError(`integer bit width must be 8, 16, 32 or 64, got ${String(bitWidth)}`)
  }
  return { typeId: Type.Int, bitWidth, signed: !!signed }
}
export const int8 = (): IntType => int(8, true)
export const int16 = (): IntType => int(16, true)
export const int32 = (): IntType => int(32, true)
export const int64 = (): IntType => int(64, true)
export const uint8 = (): IntType => int(8, false)
export const uint16 = (): IntType => int(16, false)
export const uint32 = (): IntType => int(32, false)
export const uint64 = (): IntType => int(64, false)

/**
 * A float type of the given precision.
 * @throws InvalidArgumentError for an unknown precision.
 */
export function float(precision: Precision): FloatType {
  if (!isUnit(precision, 2)) throw new InvalidArgumentError(`unknown float precision ${String(precision)}`)
  return { typeId: Type.Float, precision }
}
export const float16 = (): FloatType => float(Precision.HALF)
export const float32 = (): FloatType => float(Precision.SINGLE)
export const float64 = (): FloatType => float(Precision.DOUBLE)

export const bool = (): BoolType => ({ typeId: Type.Bool })
export const utf8 = (): Utf8Type => ({ typeId: Type.Utf8 })
export const largeUtf8 = (): LargeUtf8Type => ({ typeId: Type.LargeUtf8 })
export const binary = (): BinaryType => ({ typeId: Type.Binary })
export const largeBinary = (): LargeBinaryType => ({ typeId: Type.LargeBinary })
export const binaryView = (): BinaryViewType => ({ typeId: Type.BinaryView })
export const utf8View = (): Utf8ViewType => ({ typeId: Type.Utf8View })

/**
 * Bytes of exactly `byteWidth` per slot.
 * @throws InvalidArgumentError when `byteWidth` is not a non-negative integer.
 */
export function fixedSizeBinary(byteWidth: number): FixedSizeBinaryType {
  if (!Number.isInteger(byteWidth) || byteWidth < 0) throw new InvalidArgumentError(`fixed-size binary width must be a non-negative integer, got ${byteWidth}`)
  return { typeId: Type.FixedSizeBinary, byteWidth }
}

/** Largest precision each decimal width can hold. */
export const DECIMAL_MAX_PRECISION = { 32: 9, 64: 18, 128: 38, 256: 76 } as const

/**
 * An exact decimal with `precision` significant digits, `scale` of them after the point.
 * @param bitWidth 32, 64, 128 (default) or 256.
 * @throws InvalidArgumentError for an unsupported width or a precision the width cannot hold.
 */
export function decimal(precision: number, scale: number, bitWidth: 32 | 64 | 128 | 256 = 128): DecimalType {
  if (bitWidth !== 32 && bitWidth !== 64 && bitWidth !== 128 && bitWidth !== 256) {
    throw new InvalidArgumentError(`decimal bit width must be 32, 64, 128 or 256, got ${String(bitWidth)}`)
  }
  const max = DECIMAL_MAX_PRECISION[bitWidth]
  if (!Number.isInteger(precision) || precision < 1 || precision > max) {
    throw new InvalidArgumentError(`decimal${bitWidth} precision must be an integer in 1..${max}, got ${precision}`)
  }
  if (!Number.isInteger(scale)) throw new InvalidArgumentError(`decimal scale must be an integer, got ${scale}`)
  return { typeId: Type.Decimal, precision, scale, bitWidth }
}

/** Days since the epoch (int32). */
export const dateDay = (): DateType => ({ typeId: Type.Date, unit: DateUnit.DAY })
/** Milliseconds since the epoch (int64). */
export const dateMillisecond = (): DateType => ({ typeId: Type.Date, unit: DateUnit.MILLISECOND })

/**
 * Time of day. `bitWidth` defaults to 32 for seconds and milliseconds, 64 for micro- and nanoseconds.
 * @throws InvalidArgumentError for an unknown unit or a width the unit does not allow.
 */
export function time(unit: TimeUnit = TimeUnit.MILLISECOND, bitWidth?: 32 | 64): TimeType {
  if (!isUnit(unit, 3)) throw new InvalidArgumentError(`unknown time unit ${String(unit)}`)
  const width = bitWidth ?? (unit <= TimeUnit.MILLISECOND ? 32 : 64)
  if (width !== (unit <= TimeUnit.MILLISECOND ? 32 : 64)) {
    throw new InvalidArgumentError(`time in unit ${unit} must be ${unit <= TimeUnit.MILLISECOND ? 32 : 64}-bit, got ${String(width)}`)
  }
  return { typeId: Type.Time, unit, bitWidth: width }
}

/**
 * Timestamp as int64 `unit`s since the epoch. A timezone makes it an instant; null means wall-clock time.
 * @throws InvalidArgumentError for an unknown unit.
 */
export function timestamp(unit: TimeUnit = TimeUnit.MILLISECOND, timezone: string | null = null): TimestampType {
  if (!isUnit(unit, 3)) throw new InvalidArgumentError(`unknown time unit ${String(unit)}`)
  return { typeId: Type.Timestamp, unit, timezone }
}

/**
 * Elapsed time as int64 `unit`s.
 * @throws InvalidArgumentError for an unknown unit.
 */
export function duration(unit: TimeUnit = TimeUnit.MILLISECOND): DurationType {
  if (!isUnit(unit, 3)) throw new InvalidArgumentError(`unknown time unit ${String(unit)}`)
  return { typeId: Type.Duration, unit }
}

/**
 * Calendar interval.
 * @throws InvalidArgumentError for an unknown unit.
 */
export function interval(unit: IntervalUnit = IntervalUnit.MONTH_DAY_NANO): IntervalType {
  if (!isUnit(unit, 2)) throw new InvalidArgumentError(`unknown interval unit ${String(unit)}`)
  return { typeId: Type.Interval, unit }
}
