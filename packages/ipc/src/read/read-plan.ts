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
  readonly typeId: number
  /** The buffer slots for metadata V5 and for V4 (they differ for unions only). */
  readonly slots: readonly BufferSlot[]
  readonly slotsV4: readonly BufferSlot[]
  /** The class each slot's buffer is viewed as (Uint8Array for validity; Int8Array for type ids). */
  readonly views: readonly ViewClass[]
  readonly viewsV4: readonly ViewClass[]
  readonly children: readonly Field[]
  /** Each child's name in error paths (`[k]` for an unnamed child). */
  readonly childNames: readonly string[]
  readonly variadic: boolean
  /** Its nulls live elsewhere (Null, Union, RunEndEncoded): a node null count without a bitmap is fine. */
  readonly noOwnValidity: boolean
  /** Dictionary id for dictionary-encoded fields, else -1. */
  readonly dictionaryId: number
  /** Bits per slot of a fixed-width values buffer, 0 otherwise (checkBufferSizes). */
  readonly bits: number
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
  plan = {
    type,
    typeId: type.typeId,
    slots,
    slotsV4,
    views: slots.map((slot) => viewOf(type, slot, values)),
    viewsV4: slotsV4.map((slot) => viewOf(type, slot, values)),
    children,
    childNames: children.map((child, k) => (child.name === '' ? `[${k}]` : child.name)),
    variadic: hasVariadicBuffers(type),
    noOwnValidity: type.typeId === Type.Null || type.typeId === Type.Union || type.typeId === Type.RunEndEncoded,
    dictionaryId: type.typeId === Type.Dictionary ? type.id : -1,
    bits: slotBits(type),
  }
  plans.set(field, plan)
  return plan
}
