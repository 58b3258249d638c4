import { EMPTY_BYTES, EMPTY_INT32, need, readInt64, wordsOf } from './buffer-views'
import type { Data } from './data'
import type { FixedSizeBinaryType } from './data-type'
import { decodeUtf8 } from './utf8'
import type { RawGetter } from './value-getter'
import { Type } from './type'

/**
 * Physical-slot readers for variable-size binary and strings (32- and 64-bit offsets), their 16-byte
 * view variants, and fixed-size binary. Binary values are Uint8Array views into the data buffers (no
 * copy); strings are decoded on access.
 */

/** Binary, Utf8, LargeBinary, LargeUtf8, BinaryView, Utf8View, FixedSizeBinary. */
export function binaryGetter(data: Data): RawGetter {
  const typeId = data.type.typeId
  const bytes = need(data.values, 'values', data, EMPTY_BYTES) as Uint8Array
  switch (typeId) {
    case Type.FixedSizeBinary: {
      const width = (data.type as FixedSizeBinaryType).byteWidth
      return (j) => bytes.subarray(j * width, j * width + width)
    }
    case Type.BinaryView:
    case Type.Utf8View:
      return viewGetter(data, bytes, typeId === Type.Utf8View)
    case Type.LargeBinary:
    case Type.LargeUtf8: {
      const words = wordsOf(need(data.offsets, 'offsets', data, EMPTY_INT32))
      if (typeId === Type.LargeUtf8) return (j) => decodeUtf8(bytes, readInt64(words, j), readInt64(words, j + 1))
      return (j) => bytes.subarray(readInt64(words, j), readInt64(words, j + 1))
    }
    default: {
      const offsets = need(data.offsets, 'offsets', data, EMPTY_INT32) as Int32Array
      if (typeId === Type.Utf8) return (j) => decodeUtf8(bytes, offsets[j]!, offsets[j + 1]!)
      return (j) => bytes.subarray(offsets[j]!, offsets[j + 1]!)
    }
  }
}

/**
 * Views: 16 bytes per slot, `length: int32` first. Up to 12 bytes are inline after the length;
 * longer values hold a 4-byte prefix, then `bufferIndex: int32` and `offset: int32` into a variadic buffer.
 */
function viewGetter(data: Data, views: Uint8Array, utf8: boolean): RawGetter {
  const dv = new DataView(views.buffer, views.byteOffset, views.byteLength)
  const buffers = data.variadic
  if (utf8) {
    return (j) => {
      const at = j * 16
      const length = dv.getInt32(at, true)
      if (length <= 12) return decodeUtf8(views, at + 4, at + 4 + length)
      const start = dv.getInt32(at + 12, true)
      return decodeUtf8(buffers[dv.getInt32(at + 8, true)] ?? EMPTY_BYTES, start, start + length)
    }
  }
  return (j) => {
    const at = j * 16
    const length = dv.getInt32(at, true)
    if (length <= 12) return views.subarray(at + 4, at + 4 + length)
    const start = dv.getInt32(at + 12, true)
    return (buffers[dv.getInt32(at + 8, true)] ?? EMPTY_BYTES).subarray(start, start + length)
  }
}
