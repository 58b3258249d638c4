import type { DataType } from './data-type'
import type { Field } from './field'
import { Type } from './type'

/**
 * Structural equality of two data types: same type id, same parameters and, for nested types, children
 * with equal names, nullability and types. Field metadata and dictionary ids are not compared (an id
 * names a dictionary within one stream; it is not part of the type's shape). O(size of the type tree).
 */
export function typeEquals(a: DataType, b: DataType): boolean {
  if (a === b) return true
  if (a.typeId !== b.typeId) return false
  switch (a.typeId) {
    case Type.Int: {
      const o = b as typeof a
      return a.bitWidth === o.bitWidth && a.signed === o.signed
    }
    case Type.Float:
      return a.precision === (b as typeof a).precision
    case Type.Decimal: {
      const o = b as typeof a
      return a.precision === o.precision && a.scale === o.scale && a.bitWidth === o.bitWidth
    }
    case Type.Date:
    case Type.Interval:
    case Type.Duration:
      return a.unit === (b as typeof a).unit
    case Type.Time: {
      const o = b as typeof a
      return a.unit === o.unit && a.bitWidth === o.bitWidth
    }
    case Type.Timestamp: {
      const o = b as typeof a
      return a.unit === o.unit && a.timezone === o.timezone
    }
    case Type.FixedSizeBinary:
      return a.byteWidth === (b as typeof a).byteWidth
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView:
      return fieldEquals(a.child, (b as typeof a).child)
    case Type.FixedSizeList: {
      const o = b as typeof a
      return a.listSize === o.listSize && fieldEquals(a.child, o.child)
    }
    case Type.Map: {
      const o = b as typeof a
      return a.keysSorted === o.keysSorted && fieldEquals(a.child, o.child)
    }
    case Type.Struct:
      return fieldsEqual(a.children, (b as typeof a).children)
    case Type.Union: {
      const o = b as typeof a
      if (a.mode !== o.mode || a.typeIds.length !== o.typeIds.length) return false
      for (let i = 0; i < a.typeIds.length; i++) if (a.typeIds[i] !== o.typeIds[i]) return false
      return fieldsEqual(a.children, o.children)
    }
    case Type.RunEndEncoded: {
      const o = b as typeof a
      return fieldEquals(a.runEnds, o.runEnds) && fieldEquals(a.values, o.values)
    }
    case Type.Dictionary: {
      const o = b as typeof a
      return a.ordered === o.ordered && typeEquals(a.indices, o.indices) && typeEquals(a.dictionary, o.dictionary)
    }
    default:
      return true
  }
}

/** Two fields are equal when name, nullability and type are (metadata is ignored). */
export function fieldEquals(a: Field, b: Field): boolean {
  return a === b || (a.name === b.name && a.nullable === b.nullable && typeEquals(a.type, b.type))
}

function fieldsEqual(a: readonly Field[], b: readonly Field[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!fieldEquals(a[i]!, b[i]!)) return false
  return true
}
