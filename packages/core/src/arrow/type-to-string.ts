import type { DataType } from './data-type'
import type { Field } from './field'
import { IntervalUnit, TIME_UNIT_NAMES, Type, UnionMode } from './type'

const FLOAT_NAMES = ['Float16', 'Float32', 'Float64'] as const
const INTERVAL_NAMES = { [IntervalUnit.YEAR_MONTH]: 'YearMonth', [IntervalUnit.DAY_TIME]: 'DayTime', [IntervalUnit.MONTH_DAY_NANO]: 'MonthDayNano' }

/**
 * A short human-readable name of a type, e.g. `"Int32"`, `"Uint8"`, `"Timestamp<ms, UTC>"`, `"List<Utf8>"`,
 * `"Struct<a: Int32, b: Utf8>"`, `"Dictionary<Int32, Utf8>"`, `"Decimal128<10, 2>"`. For messages and logs;
 * not a parseable format. O(size of the type tree).
 */
export function typeToString(t: DataType): string {
  switch (t.typeId) {
    case Type.Null: return 'Null'
    case Type.Int: return `${t.signed ? 'Int' : 'Uint'}${t.bitWidth}`
    case Type.Float: return FLOAT_NAMES[t.precision] ?? 'Float'
    case Type.Binary: return 'Binary'
    case Type.Utf8: return 'Utf8'
    case Type.LargeBinary: return 'LargeBinary'
    case Type.LargeUtf8: return 'LargeUtf8'
    case Type.BinaryView: return 'BinaryView'
    case Type.Utf8View: return 'Utf8View'
    case Type.Bool: return 'Bool'
    case Type.Decimal: return `Decimal${t.bitWidth}<${t.precision}, ${t.scale}>`
    case Type.Date: return t.unit === 0 ? 'Date<day>' : 'Date<ms>'
    case Type.Time: return `Time${t.bitWidth}<${unitName(t.unit)}>`
    case Type.Timestamp: return t.timezone === null ? `Timestamp<${unitName(t.unit)}>` : `Timestamp<${unitName(t.unit)}, ${t.timezone}>`
    case Type.Duration: return `Duration<${unitName(t.unit)}>`
    case Type.Interval: return `Interval<${INTERVAL_NAMES[t.unit] ?? String(t.unit)}>`
    case Type.FixedSizeBinary: return `FixedSizeBinary<${t.byteWidth}>`
    case Type.List: return `List<${typeToString(t.child.type)}>`
    case Type.LargeList: return `LargeList<${typeToString(t.child.type)}>`
    case Type.ListView: return `ListView<${typeToString(t.child.type)}>`
    case Type.LargeListView: return `LargeListView<${typeToString(t.child.type)}>`
    case Type.FixedSizeList: return `FixedSizeList<${t.listSize}, ${typeToString(t.child.type)}>`
    case Type.Struct: return `Struct<${t.children.map(named).join(', ')}>`
    case Type.Map: {
      const entries = t.child.type
      if (entries.typeId !== Type.Struct || entries.children.length !== 2) return 'Map<?>'
      return `Map<${typeToString(entries.children[0]!.type)}, ${typeToString(entries.children[1]!.type)}>`
    }
    case Type.Union: return `${t.mode === UnionMode.Dense ? 'DenseUnion' : 'SparseUnion'}<${t.children.map(named).join(', ')}>`
    case Type.RunEndEncoded: return `RunEndEncoded<${typeToString(t.runEnds.type)}, ${typeToString(t.values.type)}>`
    case Type.Dictionary: return `Dictionary<${typeToString(t.indices)}, ${typeToString(t.dictionary)}>`
    default: return `Unknown<${String((t as { typeId: unknown }).typeId)}>`
  }
}

function unitName(unit: number): string {
  return TIME_UNIT_NAMES[unit] ?? String(unit)
}

function named(f: Field): string {
  return `${f.name}: ${typeToString(f.type)}`
}
