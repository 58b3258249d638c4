import {
  DateUnit, IntervalUnit, LightstreamError, Precision, TimeUnit, Type, UnionMode, InvalidDataError, UnsupportedFeatureError,
  binary, binaryView, bool, dateDay, dateMillisecond, decimal, dictionary, duration, field, fixedSizeBinary, fixedSizeList, float,
  int, interval, largeBinary, largeList, largeListView, largeUtf8, list, listView, nullType, runEndEncoded, schema, struct,
  time, timestamp, union, utf8, utf8View,
} from '@lightstream/core'
import type { DataType, Field, IntType, MapType, Schema } from '@lightstream/core'
import { arrayOf, asArray, asObject, booleanOf, integerOf, stringOf, type JsonPath } from './json-access'
import type { JsonObject, JsonValue } from './parse-json-lossless'

/**
 * The schema part of the Arrow integration JSON: `{"fields": [...], "metadata": [{"key", "value"}]}`,
 * each field `{name, nullable, type: {name, ...}, children, dictionary?: {id, indexType, isOrdered},
 * metadata?}`. A dictionary-encoded field's `type` is its VALUE type; the field becomes a
 * `DictionaryType` over it. Extension types stay their storage type with the `ARROW:extension:*`
 * metadata kept, as the IPC reader does.
 */

const TIME_UNITS: Record<string, TimeUnit> = {
  SECOND: TimeUnit.SECOND, MILLISECOND: TimeUnit.MILLISECOND, MICROSECOND: TimeUnit.MICROSECOND, NANOSECOND: TimeUnit.NANOSECOND,
}
const PRECISIONS: Record<string, Precision> = { HALF: Precision.HALF, SINGLE: Precision.SINGLE, DOUBLE: Precision.DOUBLE }
const INTERVAL_UNITS: Record<string, IntervalUnit> = {
  YEAR_MONTH: IntervalUnit.YEAR_MONTH, DAY_TIME: IntervalUnit.DAY_TIME, MONTH_DAY_NANO: IntervalUnit.MONTH_DAY_NANO,
}
const DATE_UNITS: Record<string, DateUnit> = { DAY: DateUnit.DAY, MILLISECOND: DateUnit.MILLISECOND }

/**
 * The Schema of an integration JSON `schema` object. O(fields).
 * @throws InvalidDataError for a malformed schema; UnsupportedFeatureError for an unknown type name.
 */
export function schemaFromJson(value: JsonValue | undefined): Schema {
  const obj = asObject(value, 'schema', 'the schema')
  const fields = arrayOf(obj, 'fields', 'schema').map((f, i) => fieldFromJson(f, `schema.fields[${i}]`))
  return schema(fields, metadataFromJson(obj['metadata'], 'schema'))
}

/**
 * One Field (recursively), dictionary encoding and metadata included.
 * @throws InvalidDataError / UnsupportedFeatureError as {@link schemaFromJson}.
 */
export function fieldFromJson(value: JsonValue, path: JsonPath): Field {
  const obj = asObject(value, path, 'a field')
  const name = stringOf(obj, 'name', path)
  const where = `${path}(${JSON.stringify(name)})`
  const nullable = booleanOf(obj, 'nullable', where, true)
  const children = obj['children'] === undefined ? [] : arrayOf(obj, 'children', where).map((c, i) => fieldFromJson(c, `${where}.children[${i}]`))
  let type = guard(where, () => typeFromJson(asObject(obj['type'], where, '"type"'), children, where))
  const dict = obj['dictionary']
  if (dict !== undefined && dict !== null) {
    const d = asObject(dict, where, '"dictionary"')
    const id = integerOf(d, 'id', where, -(2 ** 53 - 1), 2 ** 53 - 1)
    const indexType = typeFromJson(asObject(d['indexType'], where, '"indexType"'), [], where)
    if (indexType.typeId !== Type.Int) throw new InvalidDataError('a dictionary index type must be an integer type', where)
    type = guard(where, () => dictionary(type, indexType as IntType, id, booleanOf(d, 'isOrdered', where, false)))
  }
  return field(name, type, nullable, metadataFromJson(obj['metadata'], where))
}

/**
 * Key/value metadata: the JSON lists `[{"key": k, "value": v}, ...]` (an object of string values is
 * accepted too). Absent or null means none.
 * @throws InvalidDataError for any other shape.
 */
export function metadataFromJson(value: JsonValue | undefined, path: JsonPath): Map<string, string> | undefined {
  if (value === undefined || value === null) return undefined
  const out = new Map<string, string>()
  if (Array.isArray(value)) {
    for (const entry of value) {
      const kv = asObject(entry, path, 'a metadata entry')
      out.set(stringOf(kv, 'key', path), stringOf(kv, 'value', path))
    }
    return out
  }
  const obj = asObject(value, path, '"metadata"')
  for (const key of Object.keys(obj)) out.set(key, stringOf(obj, key, path))
  return out
}

/** The enum value named by `obj[key]` (default key `unit`). */
function unitOf<T>(obj: JsonObject, table: Record<string, T>, path: JsonPath, key = 'unit'): T {
  const name = stringOf(obj, key, path)
  const v = Object.hasOwn(table, name) ? table[name] : undefined
  if (v === undefined) throw new InvalidDataError(`unknown ${key} ${JSON.stringify(name)}`, path)
  return v
}

function only(children: readonly Field[], count: number, name: string, path: JsonPath): void {
  if (children.length !== count) throw new InvalidDataError(`a ${name} field needs ${count} children, has ${children.length}`, path)
}

/**
 * A DataType from its JSON `type` object and the already converted child fields.
 * @throws InvalidDataError / UnsupportedFeatureError as {@link schemaFromJson}.
 */
export function typeFromJson(t: JsonObject, children: readonly Field[], path: JsonPath): DataType {
  const name = stringOf(t, 'name', path)
  const nested = ['list', 'largelist', 'listview', 'largelistview', 'fixedsizelist', 'struct', 'map', 'union', 'runendencoded']
  if (!nested.includes(name)) only(children, 0, name, path)
  switch (name) {
    case 'null': return nullType()
    case 'bool': return bool()
    case 'int': return int(integerOf(t, 'bitWidth', path, 8, 64) as 8 | 16 | 32 | 64, booleanOf(t, 'isSigned', path))
    case 'floatingpoint': return float(unitOf(t, PRECISIONS, path, 'precision'))
    case 'binary': return binary()
    case 'largebinary': return largeBinary()
    case 'utf8': return utf8()
    case 'largeutf8': return largeUtf8()
    case 'binaryview': return binaryView()
    case 'utf8view': return utf8View()
    case 'fixedsizebinary': return fixedSizeBinary(integerOf(t, 'byteWidth', path, 0, 2 ** 31 - 1))
    case 'decimal':
      return decimal(integerOf(t, 'precision', path, 1, 76), integerOf(t, 'scale', path, -1000, 1000), integerOf(t, 'bitWidth', path, 32, 256, 128) as 128)
    case 'date': return unitOf(t, DATE_UNITS, path) === DateUnit.DAY ? dateDay() : dateMillisecond()
    case 'time': {
      const unit = unitOf(t, TIME_UNITS, path)
      return time(unit, integerOf(t, 'bitWidth', path, 32, 64, unit <= TimeUnit.MILLISECOND ? 32 : 64) as 32 | 64)
    }
    case 'timestamp': {
      const tz = t['timezone']
      if (tz !== undefined && tz !== null && typeof tz !== 'string') throw new InvalidDataError('"timezone" must be a string', path)
      return timestamp(unitOf(t, TIME_UNITS, path), tz ?? null)
    }
    case 'duration': return duration(unitOf(t, TIME_UNITS, path))
    case 'interval': return interval(unitOf(t, INTERVAL_UNITS, path))
    case 'list': only(children, 1, name, path); return list(children[0]!)
    case 'largelist': only(children, 1, name, path); return largeList(children[0]!)
    case 'listview': only(children, 1, name, path); return listView(children[0]!)
    case 'largelistview': only(children, 1, name, path); return largeListView(children[0]!)
    case 'fixedsizelist': only(children, 1, name, path); return fixedSizeList(children[0]!, integerOf(t, 'listSize', path, 0, 2 ** 31 - 1))
    case 'struct': return struct(children)
    case 'map': {
      only(children, 1, name, path)
      const entries = children[0]!
      if (entries.type.typeId !== Type.Struct || entries.type.children.length !== 2) {
        throw new InvalidDataError('a map field needs one struct child with a key and a value field', path)
      }
      const mapType: MapType = { typeId: Type.Map, keysSorted: booleanOf(t, 'keysSorted', path, false), child: entries }
      return mapType
    }
    case 'union': {
      const mode = stringOf(t, 'mode', path)
      if (mode !== 'SPARSE' && mode !== 'DENSE') throw new InvalidDataError(`unknown union mode ${JSON.stringify(mode)}`, path)
      const raw = t['typeIds'] === undefined || t['typeIds'] === null ? undefined : asArray(t['typeIds'], path, '"typeIds"')
      const ids = raw?.map((id, i) => integerOf({ id }, 'id', `${path} typeIds[${i}]`, 0, 127))
      return union(mode === 'SPARSE' ? UnionMode.Sparse : UnionMode.Dense, children, ids)
    }
    case 'runendencoded': only(children, 2, name, path); return runEndEncoded(children[0]!, children[1]!)
    default: throw new UnsupportedFeatureError(`${path}: unknown integration JSON type ${JSON.stringify(name)}`)
  }
}

/** Runs a type constructor, turning its InvalidArgumentError into an InvalidDataError at `path`. */
function guard<T>(path: JsonPath, make: () => T): T {
  try {
    return make()
  } catch (err) {
    if (err instanceof InvalidDataError || err instanceof UnsupportedFeatureError || !(err instanceof LightstreamError)) throw err
    throw new InvalidDataError(err.message, path, { cause: err })
  }
}
