import { Type, TIME_UNIT_NAMES, formatDecimal } from '@lightstream/core'
import type { DataType } from '@lightstream/core'

/** Options of `compareTables`. Every flag has the strict-but-sensible default described. */
export interface CompareOptions {
  /** Compare schema and field metadata (key → value, order-insensitive; absent = empty). Default true. */
  readonly metadata?: boolean
  /** Treat any two NaNs as equal, whatever their payload bits. Default true. */
  readonly nanEqual?: boolean
  /** Treat -0 and +0 as equal. Default false: IPC carries float bits exactly, so a flipped sign is a bug. */
  readonly signedZerosEqual?: boolean
}

/**
 * Equality of two valid flat values as read exactly by the comparator: numbers (floats per the
 * options), bigints, booleans, byte arrays (byte for byte) and interval objects (field by field).
 * O(1), or O(bytes) for binary.
 */
export function valueEquals(x: unknown, y: unknown, type: DataType, options: CompareOptions): boolean {
  if (typeof x === 'number' && typeof y === 'number') {
    if (x === y) return x !== 0 || options.signedZerosEqual === true || type.typeId !== Type.Float || Object.is(x, y)
    return options.nanEqual !== false && Number.isNaN(x) && Number.isNaN(y)
  }
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    if (x.length !== y.length) return false
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false
    return true
  }
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) {
    const a = x as Record<string, unknown>
    const b = y as Record<string, unknown>
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
  }
  return x === y
}

const decoder = new TextDecoder()
const HEX = '0123456789ABCDEF'

/**
 * A readable rendering of a value for difference messages: strings quoted (decoded from UTF-8),
 * binary as upper-case hex (shortened past 32 bytes), decimals with their scale, temporal values in
 * their unit, intervals as objects.
 */
export function valueToString(value: unknown, type: DataType): string {
  if (value instanceof Uint8Array) {
    if (type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8 || type.typeId === Type.Utf8View) return JSON.stringify(decoder.decode(value))
    let hex = ''
    for (const b of value.subarray(0, 32)) hex += HEX[b >> 4]! + HEX[b & 15]!
    return `0x${hex}${value.length > 32 ? `... (${value.length} bytes)` : ''}`
  }
  switch (type.typeId) {
    case Type.Decimal: return typeof value === 'bigint' ? formatDecimal(value, type.scale) : String(value)
    case Type.Timestamp:
    case Type.Duration:
    case Type.Time: return `${String(value)}${TIME_UNIT_NAMES[type.unit]}`
    case Type.Date: return `${String(value)}${type.unit === 0 ? ' days' : 'ms'}`
    case Type.Float: return Object.is(value, -0) ? '-0' : String(value)
    default:
  }
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ')} }`
  }
  return String(value)
}
