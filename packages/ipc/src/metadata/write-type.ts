import type { Builder } from 'flatbuffers'
import { InvalidArgumentError, Type } from '@lightstream/core'
import type { DataType, Field, IntType } from '@lightstream/core'
import { checkInt32 } from './finish-message'
import { DECIMAL_MAX_PRECISION, TypeSlot } from './fbs-layout'

function invalid(path: string, message: string): never {
  throw new InvalidArgumentError(`${path}: ${message}`)
}

function unit(path: string, what: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) invalid(path, `${what} ${String(value)} is not a known value`)
  return value
}

/** Writes an `Int` table (a field type or a dictionary index type). */
export function writeIntTable(b: Builder, t: IntType, path: string): number {
  if (t.bitWidth !== 8 && t.bitWidth !== 16 && t.bitWidth !== 32 && t.bitWidth !== 64) invalid(path, `Int bitWidth ${String(t.bitWidth)}`)
  b.startObject(TypeSlot.Int.count)
  b.addFieldInt32(TypeSlot.Int.bitWidth, t.bitWidth, 0)
  b.addFieldInt8(TypeSlot.Int.isSigned, t.signed ? 1 : 0, 0)
  return b.endObject()
}

function emptyTable(b: Builder): number {
  b.startObject(0)
  return b.endObject()
}

function oneInt16(b: Builder, count: number, slot: number, value: number, fallback: number): number {
  b.startObject(count)
  b.addFieldInt16(slot, value, fallback)
  return b.endObject()
}

function oneInt32(b: Builder, count: number, slot: number, value: number): number {
  b.startObject(count)
  b.addFieldInt32(slot, value, 0)
  return b.endObject()
}

/**
 * The child fields the flatbuffer `Field.children` holds for a (non-dictionary) type, in order.
 * @internal
 */
export function typeChildren(t: DataType): readonly Field[] {
  switch (t.typeId) {
    case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: case Type.FixedSizeList: case Type.Map:
      return [t.child]
    case Type.Struct: case Type.Union:
      return t.children
    case Type.RunEndEncoded:
      return [t.runEnds, t.values]
    default:
      return []
  }
}

/**
 * Writes the type table of a non-dictionary type and returns `[type union id, table offset]`. Strings and
 * vectors it needs (timezone, union type ids) are written first, as the builder requires.
 *
 * @throws {InvalidArgumentError} a parameter the format cannot hold (a bit width, a unit, a negative size).
 * @internal
 */
export function writeTypeTable(b: Builder, t: DataType, path: string): [number, number] {
  switch (t.typeId) {
    case Type.Null: case Type.Binary: case Type.Utf8: case Type.Bool: case Type.LargeBinary: case Type.LargeUtf8:
    case Type.BinaryView: case Type.Utf8View: case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView:
    case Type.Struct:
      return [t.typeId, emptyTable(b)]
    case Type.RunEndEncoded: {
      const runEnds = t.runEnds?.type
      if (runEnds?.typeId !== Type.Int || !runEnds.signed || runEnds.bitWidth === 8) invalid(path, 'RunEndEncoded run ends must be Int16, Int32 or Int64')
      return [t.typeId, emptyTable(b)]
    }
    case Type.Int:
      return [t.typeId, writeIntTable(b, t, path)]
    case Type.Float:
      return [t.typeId, oneInt16(b, TypeSlot.FloatingPoint.count, TypeSlot.FloatingPoint.precision, unit(path, 'Float precision', t.precision, 2), 0)]
    case Type.Decimal: {
      const s = TypeSlot.Decimal
      if (t.bitWidth !== 32 && t.bitWidth !== 64 && t.bitWidth !== 128 && t.bitWidth !== 256) invalid(path, `Decimal bitWidth ${String(t.bitWidth)}`)
      const max = DECIMAL_MAX_PRECISION[t.bitWidth]
      if (!(Number.isInteger(t.precision) && t.precision >= 1 && t.precision <= max)) invalid(path, `Decimal${t.bitWidth} precision ${String(t.precision)} is outside 1..${max}`)
      b.startObject(s.count)
      b.addFieldInt32(s.precision, t.precision, 0)
      b.addFieldInt32(s.scale, checkInt32(t.scale, `${path} Decimal scale`), 0)
      b.addFieldInt32(s.bitWidth, t.bitWidth, s.defaultBitWidth)
      return [t.typeId, b.endObject()]
    }
    case Type.Date:
      return [t.typeId, oneInt16(b, TypeSlot.Date.count, TypeSlot.Date.unit, unit(path, 'Date unit', t.unit, 1), TypeSlot.Date.defaultUnit)]
    case Type.Time: {
      const s = TypeSlot.Time
      const u = unit(path, 'Time unit', t.unit, 3)
      if (t.bitWidth !== (u <= 1 ? 32 : 64)) invalid(path, `Time in unit ${u} must be ${u <= 1 ? 32 : 64}-bit, got ${String(t.bitWidth)}`)
      b.startObject(s.count)
      b.addFieldInt16(s.unit, u, s.defaultUnit)
      b.addFieldInt32(s.bitWidth, t.bitWidth, s.defaultBitWidth)
      return [t.typeId, b.endObject()]
    }
    case Type.Timestamp: {
      const s = TypeSlot.Timestamp
      const u = unit(path, 'Timestamp unit', t.unit, 3)
      if (t.timezone != null && typeof t.timezone !== 'string') invalid(path, 'Timestamp timezone must be a string or null')
      const tz = t.timezone == null ? 0 : b.createString(t.timezone)
      b.startObject(s.count)
      b.addFieldInt16(s.unit, u, s.defaultUnit)
      if (tz !== 0) b.addFieldOffset(s.timezone, tz, 0)
      return [t.typeId, b.endObject()]
    }
    case Type.Interval:
      return [t.typeId, oneInt16(b, TypeSlot.Interval.count, TypeSlot.Interval.unit, unit(path, 'Interval unit', t.unit, 2), TypeSlot.Interval.defaultUnit)]
    case Type.Duration:
      return [t.typeId, oneInt16(b, TypeSlot.Duration.count, TypeSlot.Duration.unit, unit(path, 'Duration unit', t.unit, 3), TypeSlot.Duration.defaultUnit)]
    case Type.FixedSizeBinary:
      if (!(t.byteWidth >= 0)) invalid(path, `FixedSizeBinary byteWidth ${String(t.byteWidth)} is negative`)
      return [t.typeId, oneInt32(b, TypeSlot.FixedSizeBinary.count, TypeSlot.FixedSizeBinary.byteWidth, checkInt32(t.byteWidth, `${path} byteWidth`))]
    case Type.FixedSizeList:
      if (!(t.listSize >= 0)) invalid(path, `FixedSizeList listSize ${String(t.listSize)} is negative`)
      return [t.typeId, oneInt32(b, TypeSlot.FixedSizeList.count, TypeSlot.FixedSizeList.listSize, checkInt32(t.listSize, `${path} listSize`))]
    case Type.Map:
      if (t.child?.type?.typeId !== Type.Struct || t.child.type.children.length !== 2) invalid(path, 'a Map child must be a struct of key and value')
      b.startObject(TypeSlot.Map.count)
      b.addFieldInt8(TypeSlot.Map.keysSorted, t.keysSorted ? 1 : 0, 0)
      return [t.typeId, b.endObject()]
    case Type.Union: {
      const s = TypeSlot.Union
      if (t.typeIds.length !== t.children.length) invalid(path, `Union has ${t.typeIds.length} typeIds for ${t.children.length} children`)
      const ids = t.typeIds.map((id, i) =>
        Number.isInteger(id) && id >= 0 && id <= 127 && t.typeIds.indexOf(id) === i ? id : invalid(path, `Union typeId ${String(id)} is out of 0..127 or repeated`))
      b.startVector(4, ids.length, 4)
      for (let i = ids.length - 1; i >= 0; i--) b.addInt32(ids[i]!)
      const idsAt = b.endVector()
      b.startObject(s.count)
      b.addFieldInt16(s.mode, unit(path, 'Union mode', t.mode, 1), 0)
      b.addFieldOffset(s.typeIds, idsAt, 0)
      return [t.typeId, b.endObject()]
    }
    case Type.Dictionary:
      return invalid(path, 'a dictionary value type cannot itself be a Dictionary in the same field')
    default:
      return invalid(path, `unknown type id ${String((t as { typeId: unknown }).typeId)}`)
  }
}
