/**
 * Converts the `schema` section of an Arrow integration JSON file into a core Schema, so the tests can
 * compare it with the schema read from the IPC bytes of the same case. Also flattens the JSON's columns
 * into the pre-order (length, nullCount) nodes a RecordBatch header lists.
 */
import { Endianness, Type } from '@lightstream/core'
import type { DataType, Field, IntType, Schema } from '@lightstream/core'
import type { FieldNode } from '@lightstream/ipc'

interface JsonType { name: string; [k: string]: unknown }
interface JsonField {
  name: string
  nullable: boolean
  type: JsonType
  children?: JsonField[]
  dictionary?: { id: number; indexType: JsonType; isOrdered?: boolean }
  metadata?: { key: string; value: string }[]
}
export interface JsonColumn { name: string; count: number; VALIDITY?: (0 | 1)[]; children?: JsonColumn[] }

const TIME_UNITS: Record<string, 0 | 1 | 2 | 3> = { SECOND: 0, MILLISECOND: 1, MICROSECOND: 2, NANOSECOND: 3 }
const INTERVAL_UNITS: Record<string, 0 | 1 | 2> = { YEAR_MONTH: 0, DAY_TIME: 1, MONTH_DAY_NANO: 2 }
const PRECISIONS: Record<string, 0 | 1 | 2> = { HALF: 0, SINGLE: 1, DOUBLE: 2 }

function jsonInt(t: JsonType): IntType {
  return { typeId: Type.Int, bitWidth: t.bitWidth as 8 | 16 | 32 | 64, signed: t.isSigned as boolean }
}

function jsonType(t: JsonType, children: Field[]): DataType {
  const one = (): Field => children[0]!
  switch (t.name) {
    case 'null': return { typeId: Type.Null }
    case 'int': return jsonInt(t)
    case 'floatingpoint': return { typeId: Type.Float, precision: PRECISIONS[t.precision as string]! }
    case 'binary': return { typeId: Type.Binary }
    case 'utf8': return { typeId: Type.Utf8 }
    case 'largebinary': return { typeId: Type.LargeBinary }
    case 'largeutf8': return { typeId: Type.LargeUtf8 }
    case 'binaryview': return { typeId: Type.BinaryView }
    case 'utf8view': return { typeId: Type.Utf8View }
    case 'bool': return { typeId: Type.Bool }
    case 'decimal':
      return { typeId: Type.Decimal, precision: t.precision as number, scale: t.scale as number, bitWidth: (t.bitWidth ?? 128) as 128 }
    case 'date': return { typeId: Type.Date, unit: t.unit === 'DAY' ? 0 : 1 }
    case 'time': return { typeId: Type.Time, unit: TIME_UNITS[t.unit as string]!, bitWidth: t.bitWidth as 32 | 64 }
    case 'timestamp': return { typeId: Type.Timestamp, unit: TIME_UNITS[t.unit as string]!, timezone: (t.timezone as string | undefined) ?? null }
    case 'interval': return { typeId: Type.Interval, unit: INTERVAL_UNITS[t.unit as string]! }
    case 'duration': return { typeId: Type.Duration, unit: TIME_UNITS[t.unit as string]! }
    case 'fixedsizebinary': return { typeId: Type.FixedSizeBinary, byteWidth: t.byteWidth as number }
    case 'list': return { typeId: Type.List, child: one() }
    case 'largelist': return { typeId: Type.LargeList, child: one() }
    case 'listview': return { typeId: Type.ListView, child: one() }
    case 'largelistview': return { typeId: Type.LargeListView, child: one() }
    case 'fixedsizelist': return { typeId: Type.FixedSizeList, listSize: t.listSize as number, child: one() }
    case 'struct': return { typeId: Type.Struct, children }
    case 'map': return { typeId: Type.Map, keysSorted: t.keysSorted as boolean, child: one() }
    case 'union':
      return { typeId: Type.Union, mode: t.mode === 'DENSE' ? 1 : 0, typeIds: (t.typeIds as number[]) ?? children.map((_, i) => i), children }
    case 'runendencoded': return { typeId: Type.RunEndEncoded, runEnds: children[0]!, values: children[1]! }
    default: throw new Error(`unknown JSON type ${t.name}`)
  }
}

function jsonField(f: JsonField): Field {
  const children = (f.children ?? []).map(jsonField)
  let type = jsonType(f.type, children)
  if (f.dictionary) {
    type = { typeId: Type.Dictionary, id: f.dictionary.id, indices: jsonInt(f.dictionary.indexType), dictionary: type, ordered: f.dictionary.isOrdered ?? false }
  }
  return { name: f.name, type, nullable: f.nullable, metadata: new Map((f.metadata ?? []).map(({ key, value }) => [key, value])) }
}

/** The core Schema an integration JSON file describes (endianness given by the producer directory). */
export function schemaFromJson(json: unknown, endianness: Endianness = Endianness.Little): Schema {
  const s = (json as { schema: { fields: JsonField[]; metadata?: { key: string; value: string }[] } }).schema
  return {
    fields: s.fields.map(jsonField),
    metadata: new Map((s.metadata ?? []).map(({ key, value }) => [key, value])),
    endianness,
  }
}

/** Pre-order nodes of a JSON batch's columns: length, and the null count where a validity array is given. */
export function jsonNodes(columns: JsonColumn[]): { length: number; nullCount: number | undefined }[] {
  const out: { length: number; nullCount: number | undefined }[] = []
  const walk = (c: JsonColumn): void => {
    out.push({ length: c.count, nullCount: c.VALIDITY?.filter((v) => v === 0).length })
    for (const child of c.children ?? []) walk(child)
  }
  columns.forEach(walk)
  return out
}

/** Compares decoded nodes with the JSON's (null counts only where the JSON has a validity array). */
export function nodesMatch(nodes: readonly FieldNode[], expected: ReturnType<typeof jsonNodes>): boolean {
  return nodes.length === expected.length &&
    nodes.every((n, i) => n.length === expected[i]!.length && (expected[i]!.nullCount === undefined || n.nullCount === expected[i]!.nullCount))
}

/** Rebuilds a schema with every dictionary id passed through `f` (everything else unchanged). */
export function mapDictionaryIds(s: Schema, f: (id: number) => number): Schema {
  const mapField = (x: Field): Field => ({ ...x, type: mapType(x.type) })
  const mapType = (t: DataType): DataType => {
    switch (t.typeId) {
      case Type.Dictionary: return { ...t, id: f(t.id), dictionary: mapType(t.dictionary) }
      case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: case Type.FixedSizeList: case Type.Map:
        return { ...t, child: mapField(t.child) }
      case Type.Struct: case Type.Union: return { ...t, children: t.children.map(mapField) }
      case Type.RunEndEncoded: return { ...t, runEnds: mapField(t.runEnds), values: mapField(t.values) }
      default: return t
    }
  }
  return { ...s, fields: s.fields.map(mapField) }
}

/** Dictionary ids in pre-order of first appearance. */
function idsInOrder(s: Schema): number[] {
  const ids: number[] = []
  mapDictionaryIds(s, (id) => (ids.push(id), id))
  return ids
}

/**
 * Pairs the dictionary ids of two schemas of the same shape (writers may number dictionaries differently;
 * the README's rule 2; Arrow C++ gives each nested dictionary field its own id where the JSON may share
 * one): actual id → expected id. Throws if one actual id would stand for two JSON ids.
 */
export function pairDictionaryIds(actual: Schema, expected: Schema): Map<number, number> {
  const a = idsInOrder(actual)
  const e = idsInOrder(expected)
  if (a.length !== e.length) throw new Error(`${a.length} dictionary fields vs ${e.length} in the JSON`)
  const forward = new Map<number, number>()
  a.forEach((id, i) => {
    const want = e[i]!
    if ((forward.get(id) ?? want) !== want) throw new Error(`dictionary id ${id} stands for JSON ids ${forward.get(id)} and ${want}`)
    forward.set(id, want)
  })
  return forward
}
