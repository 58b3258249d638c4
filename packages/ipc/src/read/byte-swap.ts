import { DateUnit, IntervalUnit, Precision, Type, type Allocator, type DataType } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'
import type { BufferSlot } from '../format/buffer-layout'

/**
 * How a body buffer's bytes are ordered in a big-endian source: a number is the width in bytes of the
 * elements to reverse one by one (1: nothing to do); `'monthDayNano'` is the 16-byte interval (two int32,
 * one int64); `'view'` is the 16-byte view struct of BinaryView / Utf8View (int32 length, then either up to
 * 12 inline bytes or a 4-byte prefix and two int32: buffer index and offset).
 */
export type SwapLayout = number | 'monthDayNano' | 'view'

/** Bytes per slot of a fixed-width values buffer, or 1 for bytes that have no order (bits, binary data). */
function valueWidth(type: DataType): SwapLayout {
  switch (type.typeId) {
    case Type.Int: return type.bitWidth / 8
    case Type.Float: return type.precision === Precision.HALF ? 2 : type.precision === Precision.SINGLE ? 4 : 8
    case Type.Date: return type.unit === DateUnit.DAY ? 4 : 8
    case Type.Time: return type.bitWidth / 8
    case Type.Timestamp:
    case Type.Duration: return 8
    case Type.Interval: return type.unit === IntervalUnit.MONTH_DAY_NANO ? 'monthDayNano' : 4
    // A decimal is one two's complement integer of bitWidth bits: big-endian writers store its bytes
    // most significant first across the whole width, so the whole value is reversed.
    case Type.Decimal: return type.bitWidth / 8
    case Type.BinaryView:
    case Type.Utf8View: return 'view'
    case Type.Dictionary: return type.indices.bitWidth / 8
    default: return 1
  }
}

/** The byte order layout of the buffer that fills `slot` of a field of type `type`. O(1). */
export function swapLayout(type: DataType, slot: BufferSlot): SwapLayout {
  switch (slot) {
    case 'validity':
    case 'typeIds': return 1
    case 'offsets':
    case 'sizes': return type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeList || type.typeId === Type.LargeListView ? 8 : 4
    case 'valueOffsets': return 4
    case 'values': return valueWidth(type)
  }
}

function reverse(src: Uint8Array, dst: Uint8Array, at: number, width: number): void {
  for (let k = 0; k < width; k++) dst[at + k] = src[at + width - 1 - k]!
}

/**
 * A little-endian copy of a big-endian buffer, in fresh `allocator` memory (64-byte aligned). Trailing bytes
 * that do not fill an element are copied as they are. O(bytes). Returns `bytes` itself for layout 1.
 */
export function swapToLittleEndian(bytes: Uint8Array, layout: SwapLayout, allocator: Allocator): Uint8Array {
  if (layout === 1 || bytes.length === 0) return bytes
  const n = bytes.length
  const out = allocUnsafe(allocator, n)
  out.set(bytes)
  if (layout === 'monthDayNano') {
    for (let at = 0; at + 16 <= n; at += 16) {
      reverse(bytes, out, at, 4)
      reverse(bytes, out, at + 4, 4)
      reverse(bytes, out, at + 8, 8)
    }
  } else if (layout === 'view') {
    for (let at = 0; at + 16 <= n; at += 16) {
      reverse(bytes, out, at, 4)
      const length = out[at]! | (out[at + 1]! << 8) | (out[at + 2]! << 16) | (out[at + 3]! << 24)
      if (length > 12 || length < 0) {
        // Prefix bytes keep their order; buffer index and offset are int32s.
        reverse(bytes, out, at + 8, 4)
        reverse(bytes, out, at + 12, 4)
      }
    }
  } else {
    for (let at = 0; at + layout <= n; at += layout) reverse(bytes, out, at, layout)
  }
  return out
}
