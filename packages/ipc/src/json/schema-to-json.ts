import { DateUnit, IntervalUnit, Precision, TimeUnit, Type, UnionMode, UnsupportedFeatureError, typeToString } from '@lightstream/core'
import type { DataType, Field, Schema } from '@lightstream/core'
import type { JsonObject, JsonValue } from './parse-json-lossless'
import { childFields } from '../format/buffer-layout'

/**
 * The schema part of the integration JSON from the data model: the inverse of `schemaFromJson`. A
 * dictionary-encoded field is written as its value type plus `dictionary: {id, indexType, isOrdered}`.
 */

const TIME_UNITS = ['SECOND', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND'] as const
const INTERVAL_UNITS = ['YEAR_MONTH', 'DAY_TIME', 'MONTH_DAY_NANO'] as const
const PRECISIONS = ['HALF', 'SINGLE', 'DOUBLE'] as const

/** The `schema` object. O(fields). @throws UnsupportedFeatureError for a type the format cannot name. */
export function schemaToJson(schema: Schema): JsonObject {
  const out: JsonObject = { fields: schema.fields.map(fieldToJson) }
  if (schema.metadata.size > 0) out['metadata'] = metadataToJson(schema.metadata)
  return out
}

/** One field (recursively). @throws UnsupportedFeatureError as {@link schemaToJson}. */
export function fieldToJson(f: Field): JsonObject {
  const t = f.type
  const valueType = t.typeId === Type.Dictionary ? t.dictionary : t
  const out: JsonObject = { name: f.name, nullable: f.nullable, type: typeToJson(valueType), children: childFields(valueType).map(fieldToJson) }
  if (t.typeId === Type.Dictionary) {
    out['dictionary'] = { id: t.id, indexType: typeToJson(t.indices), isOrdered: t.ordered }
  }
  if (f.metadata.size > 0) out['metadata'] = metadataToJson(f.metadata)
  return out
}

function metadataToJson(metadata: ReadonlyMap<string, string>): JsonValue[] {
  return [...metadata].map(([key, value]) => ({ key, value }))
}


/** The `type` object of a (non-dictionary) type. */
function typeToJson(t: DataType): JsonObject {
  switch (t.typeId) {
    case Type.Null: return { name: 'null' }
    case Type.Bool: return { name: 'bool' }
    case Type.Int: return { name: 'int', isSigned: t.signed, bitWidth: t.bitWidth }
    case Type.Float: return { name: 'floatingpoint', precision: PRECISIONS[t.precision as Precision] }
    case Type.Binary: return { name: 'binary' }
    case Type.LargeBinary: return { name: 'largebinary' }
    case Type.Utf8: return { name: 'utf8' }
    case Type.LargeUtf8: return { name: 'largeutf8' }
    case Type.BinaryView: return { name: 'binaryview' }
    case Type.Utf8View: return { name: 'utf8view' }
    case Type.FixedSizeBinary: return { name: 'fixedsizebinary', byteWidth: t.byteWidth }
    case Type.Decimal: return { name: 'decimal', precision: t.precision, scale: t.scale, bitWidth: t.bitWidth }
    case Type.Date: return { name: 'date', unit: t.unit === DateUnit.DAY ? 'DAY' : 'MILLISECOND' }
    case Type.Time: return { name: 'time', unit: TIME_UNITS[t.unit as TimeUnit], bitWidth: t.bitWidth }
    case Type.Timestamp: return t.timezone === null ? { name: 'timestamp', unit: TIME_UNITS[t.unit] } : { name: 'timestamp', unit: TIME_UNITS[t.unit], timezone: t.timezone }
    case Type.Duration: return { name: 'duration', unit: TIME_UNITS[t.unit] }
    case Type.Interval: return { name: 'interval', unit: INTERVAL_UNITS[t.unit as IntervalUnit] }
    case Type.List: return { name: 'list' }
    case Type.LargeList: return { name: 'largelist' }
    case Type.ListView: return { name: 'listview' }
    case Type.LargeListView: return { name: 'largelistview' }
    case Type.FixedSizeList: return { name: 'fixedsizelist', listSize: t.listSize }
    case Type.Struct: return { name: 'struct' }
    case Type.Map: return { name: 'map', keysSorted: t.keysSorted }
    case Type.Union: return { name: 'union', mode: t.mode === UnionMode.Dense ? 'DENSE' : 'SPARSE', typeIds: [...t.typeIds] }
    case Type.RunEndEncoded: return { name: 'runendencoded' }
    default: throw new UnsupportedFeatureError(`type ${typeToString(t)} has no integration JSON form`)
  }
}
