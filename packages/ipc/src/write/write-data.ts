import { DateUnit, IntervalUnit, Precision, Type, UnionMode } from '@lightstream/core'
import type { Data, DataType } from '@lightstream/core'
import { bufferSlots, childFields, hasVariadicBuffers, type BufferSlot } from '../format/buffer-layout'
import type { BodyWriter } from './body-writer'
import { bytesOf, fail, sliceBitmap, sliceFixed, sliceOffsets } from './slice-buffers'
import { sliceRunEnds } from './slice-run-ends'

/** The deepest Data tree the walk follows (matches the schema's 64-level limit, with room for dictionaries). */
const MAX_DEPTH = 128

/** The bytes of each buffer slot of one node and the children to write after it. */
type Layout = Partial<Record<BufferSlot, Uint8Array>> & { children: readonly Data[] }

const EMPTY = new Uint8Array(0)

/** Bytes per slot of a fixed-width layout (views: the 16-byte view struct; dictionaries: the index). */
function byteWidth(t: DataType): number {
  switch (t.typeId) {
    case Type.Int: return t.bitWidth / 8
    case Type.Float: return t.precision === Precision.HALF ? 2 : t.precision === Precision.SINGLE ? 4 : 8
    case Type.Decimal: return t.bitWidth / 8
    case Type.Date: return t.unit === DateUnit.DAY ? 4 : 8
    case Type.Time: return t.bitWidth / 8
    case Type.Timestamp: case Type.Duration: return 8
    case Type.Interval: return t.unit === IntervalUnit.YEAR_MONTH ? 4 : t.unit === IntervalUnit.DAY_TIME ? 8 : 16
    case Type.FixedSizeBinary: return t.byteWidth
    case Type.BinaryView: case Type.Utf8View: return 16
    case Type.Dictionary: return t.indices.bitWidth / 8
    default: return 0
  }
}

/** Child `k`, or an InvalidDataError naming it. */
function child(data: Data, k: number, path: string): Data {
  const c = data.children[k]
  if (c === undefined) return fail(path, `the data has ${data.children.length} children, the type needs ${k + 1}`)
  return c
}

/** Child `k` seen through `[start, start + length)`, checked first (Data.slice would throw OutOfRangeError). */
function childSlice(data: Data, k: number, start: number, length: number, path: string): Data {
  const c = child(data, k, path)
  if (start + length > c.length) fail(path, `child ${k} has ${c.length} slots, needs ${start + length}`)
  return start === 0 && length === c.length ? c : c.slice(start, length)
}

/** The validity bitmap of the slots `[data.offset, data.offset + data.length)`, or undefined without nulls. */
function validityOf(w: BodyWriter, data: Data, path: string): Uint8Array | undefined {
  return data.validity !== undefined && data.nullCount > 0 ? sliceBitmap(w, data.validity, data.offset, data.length, path, 'validity') : undefined
}

/**
 * Works out the buffers of one node for the slots `[data.offset, data.offset + data.length)`, for the
 * layouts {@link writeFlat} leaves: null, nested, unions, run-end encoded and the views.
 */
function layoutOf(w: BodyWriter, data: Data, type: DataType, path: string): Layout {
  const { offset: o, length: n } = data
  const out: Layout = { children: [] }
  const validity = validityOf(w, data, path)
  if (validity !== undefined) out.validity = validity
  switch (type.typeId) {
    case Type.Null:
      return out
    case Type.List: case Type.LargeList: case Type.Map: {
      const c = child(data, 0, path)
      const offsets = sliceOffsets(w, data.offsets, o, n, c.length, path)
      out.offsets = offsets.bytes
      out.children = [childSlice(data, 0, offsets.start, offsets.end - offsets.start, path)]
      return out
    }
    case Type.ListView: case Type.LargeListView: {
      // Offsets and sizes point anywhere in the child, which is written whole.
      const width = type.typeId === Type.LargeListView ? 8 : 4
      out.offsets = sliceFixed(data.offsets, width, o, n, path, 'offsets')
      out.sizes = sliceFixed(data.sizes, width, o, n, path, 'sizes')
      out.children = [child(data, 0, path)]
      return out
    }
    case Type.FixedSizeList:
      out.children = [childSlice(data, 0, o * type.listSize, n * type.listSize, path)]
      return out
    case Type.Struct:
      out.children = type.children.map((_, k) => childSlice(data, k, o, n, path))
      return out
    case Type.Union:
      out.typeIds = sliceFixed(data.typeIds, 1, o, n, path, 'type ids')
      if (type.mode === UnionMode.Dense) {
        out.valueOffsets = sliceFixed(data.valueOffsets, 4, o, n, path, 'value offsets')
        out.children = type.children.map((_, k) => child(data, k, path))
      } else {
        out.children = type.children.map((_, k) => childSlice(data, k, o, n, path))
      }
      return out
    case Type.RunEndEncoded:
      out.children = sliceRunEnds(w, data, path)
      return out
    default: {
      const width = byteWidth(type)
      if (width === 0) return fail(path, `cannot write type id ${String(type.typeId)}`)
      out.values = sliceFixed(data.values, width, o, n, path, 'values')
      return out
    }
  }
}

/**
 * {@link writeData} for the flat layouts (fixed width, bool, binary and utf8 of both offset sizes,
 * dictionary indices): the node and its buffers straight to the writer, in {@link bufferSlots} order
 * (validity, offsets, values), with the slicing and checks of `slice-buffers`. Returns false,
 * having written nothing, for every other layout. A Layout object per column, with its properties added
 * one by one, was a fifth of encoding a batch of small columns.
 */
function writeFlat(w: BodyWriter, data: Data, type: DataType, path: string): boolean {
  const typeId = type.typeId
  const variable = typeId === Type.Binary || typeId === Type.Utf8 || typeId === Type.LargeBinary || typeId === Type.LargeUtf8
  const width = variable || typeId === Type.Bool ? 0 : byteWidth(type)
  if (!variable && typeId !== Type.Bool && (width === 0 || typeId === Type.BinaryView || typeId === Type.Utf8View)) return false
  const { offset: o, length: n } = data
  const validity = validityOf(w, data, path)
  let values: Uint8Array
  let offsets: Uint8Array | undefined
  if (typeId === Type.Bool) {
    values = n === 0 ? EMPTY : data.values === undefined ? fail(path, 'values buffer is missing') : sliceBitmap(w, bytesOf(data.values), o, n, path, 'values')
  } else if (variable) {
    const bytes = data.values === undefined ? EMPTY : bytesOf(data.values)
    const sliced = sliceOffsets(w, data.offsets, o, n, bytes.byteLength, path)
    offsets = sliced.bytes
    values = sliced.start === 0 && sliced.end === bytes.byteLength ? bytes : bytes.subarray(sliced.start, sliced.end)
  } else {
    values = sliceFixed(data.values, width, o, n, path, 'values')
  }
  w.addNode(n, validity === undefined ? 0 : data.nullCount)
  w.addBuffer(validity ?? EMPTY)
  if (offsets !== undefined) w.addBuffer(offsets)
  w.addBuffer(values)
  return true
}

/** The path of child field `k` for error messages, in the style of `validate` (`tags[]`, `point.x`). */
function childPath(path: string, type: DataType, name: string): string {
  switch (type.typeId) {
    case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: case Type.FixedSizeList: case Type.Map:
      return `${path}[]`
    default:
      return `${path}.${name}`
  }
}

/**
 * Writes one array (and its children, depth first) into a message body: its field node, its buffers in
 * the order {@link bufferSlots} gives (the reader uses the same table), the variadic buffers of views, then
 * each child from {@link childFields}. Buffers are views of the Data's own memory sliced to the slots the
 * batch holds; the only copies are bitmaps at an offset that is not a multiple of 8, offsets that do not
 * start at 0 and clamped run ends. Dictionary-encoded arrays contribute their indices only.
 *
 * `type` is the schema's type for the field (the Data's type must equal it structurally). O(nodes +
 * buffers), plus counting nulls when the Data's null count is not known yet.
 *
 * @throws InvalidDataError when a buffer or child the type needs is missing or too short, or offsets or
 *   run ends leave their target. Values are not validated: run `validate` on untrusted data first.
 * @internal
 */
export function writeData(w: BodyWriter, data: Data, type: DataType, path: string, depth = 0): void {
  if (depth > MAX_DEPTH) fail(path, `the data nests deeper than ${MAX_DEPTH} levels`)
  if (data.type.typeId !== type.typeId) fail(path, `data of type id ${data.type.typeId} where the schema says ${type.typeId}`)
  if (writeFlat(w, data, type, path)) return
  const layout = layoutOf(w, data, type, path)
  w.addNode(data.length, layout.validity === undefined && type.typeId !== Type.Null ? 0 : data.nullCount)
  for (const slot of bufferSlots(type, w.version)) w.addBuffer(layout[slot] ?? EMPTY)
  if (hasVariadicBuffers(type)) {
    w.variadicBufferCounts.push(data.variadic.length)
    for (const buffer of data.variadic) w.addBuffer(buffer)
  }
  const fields = childFields(type)
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!
    writeData(w, layout.children[k]!, f.type, childPath(path, type, f.name), depth + 1)
  }
}
