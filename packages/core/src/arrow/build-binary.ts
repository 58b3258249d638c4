import type { BuildContext } from './builder-context'
import { Data } from './data'
import type { DataType } from './data-type'
import { Type } from './type'
import { typeToString } from './type-to-string'
import { utf8Length } from './utf8'

/**
 * Builders of variable-size binary and strings (32- and 64-bit offsets) and of their 16-byte view
 * layouts. Strings are encoded as UTF-8 straight into the data buffer, sized exactly in a first pass.
 */

const encoder = new TextEncoder()
const MAX_INT32 = 2 ** 31 - 1

/** Binary, Utf8, LargeBinary, LargeUtf8 (offsets + data buffer). */
export function buildBinary(type: DataType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const text = type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8
  const large = type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8
  const { validity, nullCount } = ctx.validity(values)
  // Byte length of every string, measured once; equal to its length when it is pure ASCII.
  const lengths = text ? new Int32Array(n) : undefined
  let total = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) continue
    if (text ? typeof v !== 'string' : !(v instanceof Uint8Array)) throw ctx.invalid(i, typeToString(type), v)
    const size = text ? utf8Length(v as string) : (v as Uint8Array).length
    if (lengths) lengths[i] = size
    total += size
  }
  if (!large && total > MAX_INT32) throw ctx.error(`${total} bytes of data do not fit 32-bit offsets; use the Large variant`)
  const bytes = ctx.alloc(Uint8Array, total)
  // Large offsets are written as (low, high) 32-bit word pairs.
  const offsets = large ? ctx.alloc(Int32Array, 2 * (n + 1)) : ctx.alloc(Int32Array, n + 1)
  let pos = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v != null) {
      if (!text) {
        bytes.set(v as Uint8Array, pos)
        pos += (v as Uint8Array).length
      } else {
        const str = v as string
        const size = lengths![i]!
        if (size === str.length) {
          // ASCII: a byte per char, cheaper inline than an encoder call for short strings.
          for (let k = 0; k < size; k++) bytes[pos + k] = str.charCodeAt(k)
        } else encoder.encodeInto(str, bytes.subarray(pos, pos + size))
        pos += size
      }
    }
    if (large) {
      offsets[2 * (i + 1)] = pos | 0
      offsets[2 * (i + 1) + 1] = Math.floor(pos / 4294967296)
    } else offsets[i + 1] = pos
  }
  return new Data({ type, length: n, nullCount, validity, values: bytes, offsets: large ? new BigInt64Array(offsets.buffer, offsets.byteOffset, n + 1) : offsets })
}

/**
 * BinaryView, Utf8View: values up to 12 bytes inline in their view, longer ones appended to a single
 * variadic data buffer and referenced by (prefix, buffer 0, offset).
 */
export function buildView(type: DataType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  const n = values.length
  const text = type.typeId === Type.Utf8View
  const { validity, nullCount } = ctx.validity(values)
  const encoded: (Uint8Array | undefined)[] = []
  let total = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v == null) {
      encoded.push(undefined)
      continue
    }
    if (text ? typeof v !== 'string' : !(v instanceof Uint8Array)) throw ctx.invalid(i, typeToString(type), v)
    const b = text ? encoder.encode(v as string) : (v as Uint8Array)
    encoded.push(b)
    if (b.length > 12) total += b.length
  }
  if (total > MAX_INT32) throw ctx.error(`${total} bytes of view data exceed one variadic buffer`)
  const views = ctx.alloc(Uint8Array, n * 16)
  const dv = new DataView(views.buffer, views.byteOffset, views.byteLength)
  const data = ctx.alloc(Uint8Array, total)
  let pos = 0
  for (let i = 0; i < n; i++) {
    const b = encoded[i]
    if (b === undefined) continue
    const at = i * 16
    dv.setInt32(at, b.length, true)
    if (b.length <= 12) views.set(b, at + 4)
    else {
      views.set(b.subarray(0, 4), at + 4)
      dv.setInt32(at + 8, 0, true)
      dv.setInt32(at + 12, pos, true)
      data.set(b, pos)
      pos += b.length
    }
  }
  return new Data({ type, length: n, nullCount, validity, values: views, variadic: total > 0 ? [data] : [] })
}
