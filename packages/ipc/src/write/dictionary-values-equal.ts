import { DateUnit, IntervalUnit, Precision, Type, typeEquals } from '@lightstream/core'
import type { Data } from '@lightstream/core'
import { bytesOf } from './slice-buffers'

/**
 * Value equality of dictionaries, for deciding whether a dictionary changed between batches. Conservative:
 * `true` only when the first `count` slots of both hold the same values (and the same nulls); anything it
 * cannot prove equal (e.g. `0` vs `-0`) is unequal, which merely costs a replacement.
 */

/** Fixed bytes per slot of the flat layouts compared by bytes; 0 for the others. */
function flatWidth(data: Data): number {
  const t = data.type
  switch (t.typeId) {
    case Type.Int: case Type.Time: return t.bitWidth / 8
    case Type.Float: return t.precision === Precision.HALF ? 2 : t.precision === Precision.SINGLE ? 4 : 8
    case Type.Decimal: return t.bitWidth / 8
    case Type.Date: return t.unit === DateUnit.DAY ? 4 : 8
    case Type.Timestamp: case Type.Duration: return 8
    case Type.Interval: return t.unit === IntervalUnit.YEAR_MONTH ? 4 : t.unit === IntervalUnit.DAY_TIME ? 8 : 16
    case Type.FixedSizeBinary: return t.byteWidth
    default: return 0
  }
}

function bytesEqual(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false
  return true
}

/** Deep equality of values as the getters return them. */
function sameValue(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false
  if (x instanceof Uint8Array) return y instanceof Uint8Array && x.length === y.length && bytesEqual(x, 0, y, 0, x.length)
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false
    for (let k = 0; k < x.length; k++) if (!sameValue(x[k], y[k])) return false
    return true
  }
  if (x instanceof Map) {
    if (!(y instanceof Map) || x.size !== y.size) return false
    const ye = [...y.entries()]
    let k = 0
    for (const [key, value] of x) {
      const other = ye[k++]!
      if (!sameValue(key, other[0]) || !sameValue(value, other[1])) return false
    }
    return true
  }
  if (x instanceof Date) return y instanceof Date && Object.is(x.getTime(), y.getTime())
  const xk = Object.keys(x)
  const yk = Object.keys(y)
  if (xk.length !== yk.length) return false
  for (const key of xk) {
    if (!Object.prototype.hasOwnProperty.call(y, key)) return false
    if (!sameValue((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key])) return false
  }
  return true
}

/**
 * True when slots `[0, count)` of `a` and `b` hold equal values (nulls in the same slots). Same Data: O(1).
 * Flat fixed-width types and Binary/Utf8 (32- and 64-bit offsets) compare bytes; other types compare the
 * values the getters return (nested dictionaries by their decoded values). O(count × value size).
 * Both must have at least `count` slots.
 * @internal
 */
export function dictionaryValuesEqual(a: Data, b: Data, count: number): boolean {
  if (a === b) return true
  if (!typeEquals(a.type, b.type) || a.length < count || b.length < count) return false
  for (let i = 0; i < count; i++) if (a.isValid(i) !== b.isValid(i)) return false
  const width = flatWidth(a)
  if (width > 0 && a.values !== undefined && b.values !== undefined) {
    const av = bytesOf(a.values)
    const bv = bytesOf(b.values)
    if (av.byteLength < (a.offset + count) * width || bv.byteLength < (b.offset + count) * width) return false
    if (a.nullCount === 0 && b.nullCount === 0) return bytesEqual(av, a.offset * width, bv, b.offset * width, count * width)
    for (let i = 0; i < count; i++) {
      if (a.isValid(i) && !bytesEqual(av, (a.offset + i) * width, bv, (b.offset + i) * width, width)) return false
    }
    return true
  }
  const t = a.type.typeId
  if ((t === Type.Utf8 || t === Type.Binary) && a.offsets instanceof Int32Array && b.offsets instanceof Int32Array) {
    return variableEqual(a, b, count, (d, j) => (d.offsets as Int32Array)[j]!)
  }
  if (count === 0) return true
  const ga = a.getter()
  const gb = b.getter()
  for (let i = 0; i < count; i++) if (!sameValue(ga(i), gb(i))) return false
  return true
}

/** Binary / Utf8 with 32-bit offsets: compare each valid slot's bytes. */
function variableEqual(a: Data, b: Data, count: number, offsetAt: (d: Data, j: number) => number): boolean {
  if (count === 0) return true
  if (a.values === undefined || b.values === undefined) return false
  if (a.offsets!.length < a.offset + count + 1 || b.offsets!.length < b.offset + count + 1) return false
  const av = bytesOf(a.values)
  const bv = bytesOf(b.values)
  for (let i = 0; i < count; i++) {
    if (!a.isValid(i)) continue
    const as = offsetAt(a, a.offset + i)
    const ae = offsetAt(a, a.offset + i + 1)
    const bs = offsetAt(b, b.offset + i)
    const be = offsetAt(b, b.offset + i + 1)
    if (ae - as !== be - bs || as < 0 || bs < 0 || ae > av.byteLength || be > bv.byteLength) return false
    if (!bytesEqual(av, as, bv, bs, ae - as)) return false
  }
  return true
}
