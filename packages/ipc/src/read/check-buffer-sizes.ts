import { IntervalUnit, IpcFormatError, Precision, Type, UnionMode, type Data, type DataType } from '@lightstream/core'

/** Bits per slot of a fixed-width values buffer, or 0 for types whose values buffer is not fixed width. @internal */
export function slotBits(type: DataType): number {
  switch (type.typeId) {
    case Type.Int: return type.bitWidth
    case Type.Float: return type.precision === Precision.HALF ? 16 : type.precision === Precision.SINGLE ? 32 : 64
    case Type.Bool: return 1
    case Type.Decimal: return type.bitWidth
    case Type.Date: return type.unit === 0 ? 32 : 64
    case Type.Time: return type.bitWidth
    case Type.Timestamp:
    case Type.Duration: return 64
    case Type.Interval: return type.unit === IntervalUnit.YEAR_MONTH ? 32 : type.unit === IntervalUnit.DAY_TIME ? 64 : 128
    case Type.FixedSizeBinary: return type.byteWidth * 8
    case Type.BinaryView:
    case Type.Utf8View: return 128
    case Type.Dictionary: return type.indices.bitWidth
    default: return 0
  }
}

/** Throws the error of a buffer shorter than its node's length needs. @internal */
export function short(path: string, what: string, have: number, need: number, unit: string): never {
  throw new IpcFormatError(`Invalid IPC body: ${path}: the ${what} buffer holds ${have} ${unit}, the node's length needs ${need}`)
}

/**
 * The first two checks of {@link checkBufferSizes}, from sizes the caller has at hand: the validity bitmap
 * (`validityBytes` long, -1 when there is none) and, when `bits` > 0, the fixed-width values (`valueBytes`
 * long) against a node of `n` > 0 slots.
 * @throws IpcFormatError naming the field path and the short buffer.
 * @internal
 */
export function checkBitmapAndValues(path: string, n: number, validityBytes: number, bits: number, valueBytes: number): void {
  if (validityBytes >= 0 && validityBytes * 8 < n) short(path, 'validity', validityBytes, Math.ceil(n / 8), 'bytes')
  if (bits > 0) {
    const need = Math.ceil((n * bits) / 8)
    if (valueBytes < need) short(path, 'values', valueBytes, need, 'bytes')
  }
}

/**
 * The cheap structural checks a reader makes on every array it builds, so that no view it hands out is
 * shorter than the node's length says: the validity bitmap, fixed-width values, offsets, sizes, union type
 * ids and offsets, and the lengths of struct, fixed-size list and sparse union children. O(1) per array:
 * offsets are not walked (that is `validate`'s O(values) job).
 * @throws IpcFormatError naming the field path and the short buffer.
 * @internal
 */
export function checkBufferSizes(data: Data, path: string, bits: number = slotBits(data.type)): void {
  const n = data.length
  if (n === 0) return
  const type = data.type
  checkBitmapAndValues(path, n, data.validity?.length ?? -1, bits, bits > 0 ? (data.values?.byteLength ?? 0) : 0)
  switch (type.typeId) {
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8:
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const have = data.offsets?.length ?? 0
      if (have < n + 1) short(path, 'offsets', have, n + 1, 'offsets')
      break
    }
    case Type.ListView:
    case Type.LargeListView: {
      const offsets = data.offsets?.length ?? 0
      if (offsets < n) short(path, 'offsets', offsets, n, 'offsets')
      const sizes = data.sizes?.length ?? 0
      if (sizes < n) short(path, 'sizes', sizes, n, 'sizes')
      break
    }
    case Type.Union: {
      const ids = data.typeIds?.length ?? 0
      if (ids < n) short(path, 'type ids', ids, n, 'type ids')
      if (type.mode === UnionMode.Dense) {
        const offsets = data.valueOffsets?.length ?? 0
        if (offsets < n) short(path, 'value offsets', offsets, n, 'offsets')
      } else {
        checkChildren(data, n, path)
      }
      break
    }
    case Type.Struct:
      checkChildren(data, n, path)
      break
    case Type.FixedSizeList:
      checkChildren(data, n * type.listSize, path)
      break
  }
}

function checkChildren(data: Data, need: number, path: string): void {
  for (const child of data.children) {
    if (child.length < need) {
      throw new IpcFormatError(`Invalid IPC body: ${path}: a child of length ${child.length} is shorter than the ${need} slots its parent needs`)
    }
  }
}
