import { IpcFormatError, Type, UnsupportedFeatureError } from '@lightstream/core'
import type { DataType, Field, IntType } from '@lightstream/core'
import type { FbTable, FlatbufferReader } from './flatbuffer-reader'
import { DECIMAL_MAX_PRECISION, TypeSlot } from './fbs-layout'

function bad(path: string, message: string): never {
  throw new IpcFormatError(`Invalid IPC schema: ${path}: ${message}`)
}

function inRange<T extends number>(path: string, what: string, value: number, max: number): T {
  if (!(value >= 0 && value <= max)) bad(path, `${what} ${value} is not a known value (0..${max})`)
  return value as T
}

function expectChildren(path: string, name: string, children: readonly Field[], count: number): void {
  if (children.length !== count) bad(path, `${name} needs ${count} child field(s), has ${children.length}`)
}

/**
 * Decodes an `Int` table (a field type or a dictionary index type).
 *
 * @throws {IpcFormatError} a bit width other than 8, 16, 32 or 64.
 * @internal
 */
export function readIntTable(r: FlatbufferReader, t: FbTable, path: string): IntType {
  const bitWidth = r.int32(t, TypeSlot.Int.bitWidth, 0, 'Int.bitWidth')
  if (bitWidth !== 8 && bitWidth !== 16 && bitWidth !== 32 && bitWidth !== 64) bad(path, `Int bitWidth ${bitWidth} is not 8, 16, 32 or 64`)
  return { typeId: Type.Int, bitWidth, signed: r.bool(t, TypeSlot.Int.isSigned, false, 'Int.is_signed') }
}

function readUnion(r: FlatbufferReader, t: FbTable, path: string, children: readonly Field[]): DataType {
  const mode = inRange<0 | 1>(path, 'Union mode', r.int16(t, TypeSlot.Union.mode, 0, 'Union.mode'), 1)
  const ids = r.vector(t, TypeSlot.Union.typeIds, 4, 'Union.typeIds')
  const typeIds: number[] = []
  if (ids === null) {
    if (children.length > 128) bad(path, `a Union has at most 128 children, has ${children.length}`)
    for (let i = 0; i < children.length; i++) typeIds.push(i)
  } else {
    if (ids.length !== children.length) bad(path, `Union declares ${ids.length} typeIds for ${children.length} children`)
    const seen = new Set<number>()
    for (let i = 0; i < ids.length; i++) {
      const id = r.int32At(ids.start + 4 * i)
      if (id < 0 || id > 127 || seen.has(id)) bad(path, `Union typeId ${id} is out of 0..127 or repeated`)
      seen.add(id)
      typeIds.push(id)
    }
  }
  return { typeId: Type.Union, mode, typeIds, children }
}

/**
 * Decodes one member of the flatbuffer `Type` union into a core {@link DataType}, given the field's already
 * decoded children. Checks every parameter against what the format allows and the child count each
 * nested type needs; primitive types must have no children.
 *
 * @throws {IpcFormatError} a missing type table, an impossible parameter or a wrong child count.
 * @throws {UnsupportedFeatureError} a type id newer than this reader (a future Arrow type).
 * @internal
 */
export function readType(r: FlatbufferReader, typeId: number, t: FbTable | null, children: readonly Field[], path: string): DataType {
  if (typeId === Type.NONE) bad(path, 'the field has no type')
  if (typeId > Type.LargeListView) throw new UnsupportedFeatureError(`${path}: unknown Arrow type id ${typeId} (newer than this reader)`)
  if (t === null) bad(path, `type id ${typeId} has no type table`)
  const nested = typeId === Type.List || typeId === Type.LargeList || typeId === Type.ListView || typeId === Type.LargeListView ||
    typeId === Type.FixedSizeList || typeId === Type.Map || typeId === Type.Struct || typeId === Type.Union || typeId === Type.RunEndEncoded
  if (!nested && children.length > 0) bad(path, `a non-nested type (id ${typeId}) cannot have ${children.length} child field(s)`)

  switch (typeId) {
    case Type.Null: return { typeId }
    case Type.Int: return readIntTable(r, t, path)
    case Type.Float:
      return { typeId, precision: inRange(path, 'Float precision', r.int16(t, TypeSlot.FloatingPoint.precision, 0, 'FloatingPoint.precision'), 2) }
    case Type.Binary: case Type.Utf8: case Type.Bool: case Type.LargeBinary: case Type.LargeUtf8:
    case Type.BinaryView: case Type.Utf8View:
      return { typeId }
    case Type.Decimal: {
      const s = TypeSlot.Decimal
      const bitWidth = r.int32(t, s.bitWidth, s.defaultBitWidth, 'Decimal.bitWidth')
      if (bitWidth !== 32 && bitWidth !== 64 && bitWidth !== 128 && bitWidth !== 256) bad(path, `Decimal bitWidth ${bitWidth} is not 32, 64, 128 or 256`)
      const precision = r.int32(t, s.precision, 0, 'Decimal.precision')
      const max = DECIMAL_MAX_PRECISION[bitWidth]
      if (precision < 1 || precision > max) bad(path, `Decimal${bitWidth} precision ${precision} is outside 1..${max}`)
      const scale = r.int32(t, s.scale, 0, 'Decimal.scale')
      return { typeId, precision, scale, bitWidth }
    }
    case Type.Date:
      return { typeId, unit: inRange(path, 'Date unit', r.int16(t, TypeSlot.Date.unit, TypeSlot.Date.defaultUnit, 'Date.unit'), 1) }
    case Type.Time: {
      const s = TypeSlot.Time
      const unit = inRange<0 | 1 | 2 | 3>(path, 'Time unit', r.int16(t, s.unit, s.defaultUnit, 'Time.unit'), 3)
      const bitWidth = r.int32(t, s.bitWidth, s.defaultBitWidth, 'Time.bitWidth')
      if (bitWidth !== (unit <= 1 ? 32 : 64)) bad(path, `Time in unit ${unit} must be ${unit <= 1 ? 32 : 64}-bit, declares ${bitWidth}`)
      return { typeId, unit, bitWidth: bitWidth as 32 | 64 }
    }
    case Type.Timestamp: {
      const s = TypeSlot.Timestamp
      const unit = inRange<0 | 1 | 2 | 3>(path, 'Timestamp unit', r.int16(t, s.unit, s.defaultUnit, 'Timestamp.unit'), 3)
      return { typeId, unit, timezone: r.string(t, s.timezone, 'Timestamp.timezone') }
    }
    case Type.Interval:
      return { typeId, unit: inRange(path, 'Interval unit', r.int16(t, TypeSlot.Interval.unit, TypeSlot.Interval.defaultUnit, 'Interval.unit'), 2) }
    case Type.Duration:
      return { typeId, unit: inRange(path, 'Duration unit', r.int16(t, TypeSlot.Duration.unit, TypeSlot.Duration.defaultUnit, 'Duration.unit'), 3) }
    case Type.FixedSizeBinary: {
      const byteWidth = r.int32(t, TypeSlot.FixedSizeBinary.byteWidth, 0, 'FixedSizeBinary.byteWidth')
      if (byteWidth < 0) bad(path, `FixedSizeBinary byteWidth ${byteWidth} is negative`)
      return { typeId, byteWidth }
    }
    case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView:
      expectChildren(path, 'a list', children, 1)
      return { typeId, child: children[0]! }
    case Type.FixedSizeList: {
      expectChildren(path, 'a FixedSizeList', children, 1)
      const listSize = r.int32(t, TypeSlot.FixedSizeList.listSize, 0, 'FixedSizeList.listSize')
      if (listSize < 0) bad(path, `FixedSizeList listSize ${listSize} is negative`)
      return { typeId, listSize, child: children[0]! }
    }
    case Type.Struct: return { typeId, children }
    case Type.Map: {
      expectChildren(path, 'a Map', children, 1)
      const entries = children[0]!
      if (entries.type.typeId !== Type.Struct || entries.type.children.length !== 2) bad(path, 'a Map child must be a struct of key and value')
      return { typeId, keysSorted: r.bool(t, TypeSlot.Map.keysSorted, false, 'Map.keysSorted'), child: entries }
    }
    case Type.Union: return readUnion(r, t, path, children)
    case Type.RunEndEncoded: {
      expectChildren(path, 'a RunEndEncoded', children, 2)
      const runEnds = children[0]!
      if (runEnds.type.typeId !== Type.Int || !runEnds.type.signed || runEnds.type.bitWidth === 8) {
        bad(path, 'RunEndEncoded run ends must be Int16, Int32 or Int64')
      }
      return { typeId, runEnds, values: children[1]! }
    }
    default: bad(path, `unknown type id ${typeId}`)
  }
}
