import { IntervalUnit, Type, UnionMode, UnsupportedFeatureError, typeToString } from '@lightstream/core'
import type { Data, DataType, ValueGetter } from '@lightstream/core'
import { indexGetter, RAW_OPTIONS, rawGetter } from './raw-values'
import type { JsonObject, JsonValue } from './parse-json-lossless'
import { childFields } from '../format/buffer-layout'

/**
 * One integration JSON column from a Data: the inverse of `dataFromJson`. Every slot is written (null
 * slots with whatever they store); 64-bit integers as decimal strings, MONTH_DAY_NANO nanoseconds as
 * bare integers, binary as upper-case hex, decimals as unscaled integer strings. A sliced chunk is
 * written as its logical slots: children are sliced or kept whole with the offsets pointing into them,
 * run ends are recomputed for the slice.
 */

/** Receives each dictionary a column uses (by id), so the document can list it. */
export type DictionarySink = (id: number, dictionary: Data) => void

const decoder = new TextDecoder()
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'))

function hex(bytes: Uint8Array): string {
  let s = ''
  for (let k = 0; k < bytes.length; k++) s += HEX[bytes[k]!]!
  return s
}

/** A stored integer as the JSON writes it: decimal string when 64-bit, number otherwise. */
function int(v: unknown): JsonValue {
  return typeof v === 'bigint' ? v.toString() : (v as number)
}

function slots<T>(n: number, f: (i: number) => T): T[] {
  const out = new Array<T>(n)
  for (let i = 0; i < n; i++) out[i] = f(i)
  return out
}

/**
 * @throws UnsupportedFeatureError for a type the format cannot hold; InvalidDataError (from the getters)
 * for a chunk whose buffers are too short for its length.
 */
export function dataToJson(d: Data, name: string, dictionaries: DictionarySink): JsonObject {
  const t = d.type
  const n = d.length
  const off = d.offset
  const col: JsonObject = { name, count: n }
  if (t.typeId === Type.Null) return col
  if (t.typeId !== Type.Union && t.typeId !== Type.RunEndEncoded) col['VALIDITY'] = slots(n, (i) => (d.isValid(i) ? 1 : 0))
  const children = (datas: readonly Data[]): JsonValue[] => datas.map((c, k) => dataToJson(c, childFields(t)[k]?.name ?? '', dictionaries))
  const bufferAt = (buffer: Int32Array | BigInt64Array | Int8Array | undefined, count: number): JsonValue[] =>
    slots(count, (i) => (buffer === undefined || off + i >= buffer.length ? 0 : int(buffer[off + i])))
  switch (t.typeId) {
    case Type.Binary:
    case Type.LargeBinary:
    case Type.Utf8:
    case Type.LargeUtf8: {
      const get = rawGetter(d)
      const values = slots(n, (i) => get(i) as Uint8Array)
      const text = t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8
      let at = 0
      const large = t.typeId === Type.LargeBinary || t.typeId === Type.LargeUtf8
      col['OFFSET'] = [large ? '0' : 0, ...values.map((v) => (at += v.length, large ? String(at) : at))]
      col['DATA'] = values.map((v) => (text ? decoder.decode(v) : hex(v)))
      return col
    }
    case Type.BinaryView:
    case Type.Utf8View: return viewsToJson(d, col)
    case Type.List:
    case Type.LargeList:
    case Type.Map:
      col['OFFSET'] = n === 0 && (d.offsets === undefined || d.offsets.length === 0) ? [0] : bufferAt(d.offsets, n + 1)
      col['children'] = children(d.children)
      return col
    case Type.ListView:
    case Type.LargeListView:
      col['OFFSET'] = bufferAt(d.offsets, n)
      col['SIZE'] = bufferAt(d.sizes, n)
      col['children'] = children(d.children)
      return col
    case Type.FixedSizeList:
      col['children'] = children(d.children.map((c) => c.slice(off * t.listSize, n * t.listSize)))
      return col
    case Type.Struct:
      col['children'] = children(d.children.map((c) => c.slice(off, n)))
      return col
    case Type.Union:
      col['TYPE_ID'] = bufferAt(d.typeIds, n)
      if (t.mode === UnionMode.Dense) {
        col['OFFSET'] = bufferAt(d.valueOffsets, n)
        col['children'] = children(d.children)
      } else col['children'] = children(d.children.map((c) => c.slice(off, n)))
      return col
    case Type.RunEndEncoded: return runEndEncodedToJson(d, col, dictionaries)
    case Type.Dictionary: {
      if (d.dictionary === undefined) throw new UnsupportedFeatureError(`dictionary-encoded column ${name} has no dictionary`)
      dictionaries(t.id, d.dictionary)
      const get = indexGetter(d)
      col['DATA'] = slots(n, (i) => int(get(i)))
      return col
    }
    default:
      col['DATA'] = flatValues(t, rawGetter(d), n)
      return col
  }
}

/** DATA of the fixed-width flat types. */
function flatValues(t: DataType, get: ValueGetter, n: number): JsonValue[] {
  switch (t.typeId) {
    case Type.Bool: return slots(n, (i) => get(i) as boolean)
    case Type.Float: return slots(n, (i) => get(i) as number)
    case Type.Decimal: return slots(n, (i) => String(get(i)))
    case Type.FixedSizeBinary: return slots(n, (i) => hex(get(i) as Uint8Array))
    case Type.Interval:
      if (t.unit === IntervalUnit.YEAR_MONTH) return slots(n, (i) => get(i) as number)
      if (t.unit === IntervalUnit.DAY_TIME) return slots(n, (i) => ({ ...(get(i) as { days: number; milliseconds: number }) }))
      return slots(n, (i) => ({ ...(get(i) as { months: number; days: number; nanoseconds: bigint }) }))
    case Type.Int:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration: return slots(n, (i) => int(get(i)))
    default: throw new UnsupportedFeatureError(`type ${typeToString(t)} has no integration JSON form`)
  }
}

/** VIEWS (inline or referencing) and VARIADIC_DATA_BUFFERS of BinaryView / Utf8View. */
function viewsToJson(d: Data, col: JsonObject): JsonObject {
  const views = (d.values as Uint8Array | undefined) ?? new Uint8Array(0)
  const dv = new DataView(views.buffer, views.byteOffset, views.byteLength)
  const utf8 = d.type.typeId === Type.Utf8View
  col['VIEWS'] = slots(d.length, (i): JsonObject => {
    const at = (d.offset + i) * 16
    if (at + 16 > views.length) return { SIZE: 0, INLINED: '' }
    const size = dv.getInt32(at, true)
    if (size <= 12) {
      const inline = views.subarray(at + 4, at + 4 + Math.max(0, size))
      return { SIZE: size, INLINED: utf8 ? decoder.decode(inline) : hex(inline) }
    }
    return { SIZE: size, PREFIX_HEX: hex(views.subarray(at + 4, at + 8)), BUFFER_INDEX: dv.getInt32(at + 8, true), OFFSET: dv.getInt32(at + 12, true) }
  })
  col['VARIADIC_DATA_BUFFERS'] = d.variadic.map(hex)
  return col
}

/** Run-end encoded: the runs covering the chunk's slots, with their ends made relative to the slice. */
function runEndEncodedToJson(d: Data, col: JsonObject, dictionaries: DictionarySink): JsonObject {
  const [endsData, valuesData] = d.children
  const t = d.type as Extract<DataType, { typeId: typeof Type.RunEndEncoded }>
  if (endsData === undefined || valuesData === undefined) throw new UnsupportedFeatureError('run-end encoded data without its two children')
  const endAt = endsData.getter(RAW_OPTIONS)
  const runs = endsData.length
  const first = d.offset
  const last = d.offset + d.length
  const ends: JsonValue[] = []
  let k0 = 0
  while (k0 < runs && Number(endAt(k0)) <= first) k0++
  for (let k = k0; k < runs && ends.length < d.length; k++) {
    const end = Math.min(Number(endAt(k)), last) - first
    ends.push(t.runEnds.type.typeId === Type.Int && t.runEnds.type.bitWidth === 64 ? String(end) : end)
    if (end >= d.length) break
  }
  col['children'] = [
    { name: t.runEnds.name, count: ends.length, VALIDITY: ends.map(() => 1), DATA: ends },
    dataToJson(valuesData.slice(k0, Math.min(ends.length, valuesData.length - k0)), t.values.name, dictionaries),
  ]
  return col
}
