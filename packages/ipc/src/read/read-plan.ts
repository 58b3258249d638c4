import { MetadataVersion, Type, valuesClass, type DataType, type Field } from '@lightstream/core'
import { bufferSlots, childFields, hasVariadicBuffers, type BufferSlot } from '../format/buffer-layout'
import type { ViewClass } from './aligned-view'
import { slotBits } from './check-buffer-sizes'

/**
 * What reading one field's arrays needs from its type, worked out once per field object: the body's buffer
 * slots in order with the typed array class of each, the child fields, and the size check's parameters.
 * Schemas read from IPC are shared between reads (the schema cache), so a plan is made once per schema and
 * the per-array work reads one object of one shape instead of branching on many differently shaped type
 * objects (property loads V8 cannot specialise).
 * @internal
 */
export interface ReadPlan {
  readonly type: DataType
  /** The field's name (error paths). */
  readonly name: string
  readonly typeId: number
  /** The buffer slots for metadata V5 and for V4 (they differ for unions only). */
  readonly slots: readonly BufferSlot[]
  readonly slotsV4: readonly BufferSlot[]
  /** The class each slot's buffer is viewed as (Uint8Array for validity; Int8Array for type ids). */
  readonly views: readonly ViewClass[]
  readonly viewsV4: readonly ViewClass[]
  /** The children's plans, in order. */
  readonly childPlans: readonly ReadPlan[]
  /** Each child's name in error paths (`[k]` for an unnamed child). */
  readonly childNames: readonly string[]
  readonly variadic: boolean
  /** Its nulls live elsewhere (Null, Union, RunEndEncoded): a node null count without a bitmap is fine. */
  readonly noOwnValidity: boolean
  /** Dictionary id for dictionary-encoded fields, else -1. */
  readonly dictionaryId: number
  /** Bits per slot of a fixed-width values buffer, 0 otherwise (checkBufferSizes). */
  readonly bits: number
  /**
   * {@link Shape.Fixed} or {@link Shape.Binary} for the flat layouts most columns have, which readers build
   * on a short path; {@link Shape.General} for the rest.
   */
  readonly shape: Shape
  /** The class of the values buffer (Uint8Array when it has none). */
  readonly valuesView: ViewClass
  /** The class of the offsets buffer (Int32Array or BigInt64Array). */
  readonly offsetsView: ViewClass
}

/**
 * The flat layouts: `Fixed` is a validity bitmap and a fixed-width values buffer (numbers, temporals,
 * decimals, booleans, fixed-size binary, dictionary indices), `Binary` a validity bitmap, offsets and data
 * (binary and utf8, both sizes). Neither has children or variadic buffers, and V4 and V5 lay them out alike.
 * @internal
 */
export const Shape = { General: 0, Fixed: 1, Binary: 2 } as const
/** @internal */
export type Shape = (typeof Shape)[keyof typeof Shape]

function shapeOf(slots: readonly BufferSlot[], bits: number, children: readonly Field[], variadic: boolean): Shape {
  if (children.length > 0 || variadic) return Shape.General
  if (slots.length === 2 && slots[0] === 'validity' && slots[1] === 'values' && bits > 0) return Shape.Fixed
  if (slots.length === 3 && slots[0] === 'validity' && slots[1] === 'offsets' && slots[2] === 'values' && bits === 0) return Shape.Binary
  return Shape.General
}

const plans = new WeakMap<Field, ReadPlan>()

function isLarge(type: DataType): boolean {
  return type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeList || type.typeId === Type.LargeListView
}

function viewOf(type: DataType, slot: BufferSlot, values: ViewClass): ViewClass {
  switch (slot) {
    case 'validity': return Uint8Array
    case 'typeIds': return Int8Array
    case 'values': return values
    case 'valueOffsets': return Int32Array
    default: return isLarge(type) ? BigInt64Array : Int32Array
  }
}

/** The plan of `field` (cached per field object). */
export function readPlan(field: Field): ReadPlan {
  let plan = plans.get(field)
  if (plan !== undefined) return plan
  const type = field.type
  // The class core's Data keeps the values in (so its constructor never re-views or copies them); decimals
  // and types without a values buffer stay bytes.
  const values = (valuesClass(type) ?? Uint8Array) as ViewClass
  const slots = bufferSlots(type, MetadataVersion.V5)
  const slotsV4 = bufferSlots(type, MetadataVersion.V4)
  const children = childFields(type)
  const bits = slotBits(type)
  const variadic = hasVariadicBuffers(type)
  plan = {
    type,
    name: field.name,
    typeId: type.typeId,
    slots,
    slotsV4,
    views: slots.map((slot) => viewOf(type, slot, values)),
    viewsV4: slotsV4.map((slot) => viewOf(type, slot, values)),
    childPlans: children.map(readPlan),
    childNames: children.map((child, k) => (child.name === '' ? `[${k}]` : child.name)),
    variadic,
    noOwnValidity: type.typeId === Type.Null || type.typeId === Type.Union || type.typeId === Type.RunEndEncoded,
    dictionaryId: type.typeId === Type.Dictionary ? type.id : -1,
    bits,
    shape: shapeOf(slots, bits, children, variadic),
    valuesView: values,
    offsetsView: isLarge(type) ? BigInt64Array : Int32Array,
  }
  plans.set(field, plan)
  return plan
}

const lists = new WeakMap<readonly Field[], readonly ReadPlan[]>()

/** The plans of `fields` (cached per array: a schema's fields are read once per batch). */
export function readPlans(fields: readonly Field[]): readonly ReadPlan[] {
  let list = lists.get(fields)
  if (list === undefined) lists.set(fields, (list = fields.map(readPlan)))
  return list
}
