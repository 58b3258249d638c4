import { buildData } from './build-data'
import { BuildContext, type BuildOptions } from './builder-context'
import { valuesClass, type TypedArray } from './buffer-views'
import { Column } from './column'
import { Data } from './data'
import type { DataType } from './data-type'
import { field } from './field'
import { inferType } from './infer-type'
import { float32, float64, int16, int32, int64, int8, uint16, uint32, uint64, uint8 } from './type-constructors'
import { Precision, Type } from './type'
import { InvalidArgumentError } from '../errors'

/**
 * Build a {@link Column} (one chunk) from JavaScript values.
 *
 * - A numeric typed array without a type (or with its exact Int/Float type) becomes that type ZERO-COPY:
 *   the column's buffer is the array's memory (Int32Array → Int32, BigInt64Array → Int64, Float64Array →
 *   Float64; Uint8ClampedArray reads as Uint8).
 * - Anything else is copied into new 64-byte aligned buffers (through `options.allocator` when given), with
 *   the type given or inferred (see `inferType`). Every type is buildable; see the README for the value
 *   kinds each accepts. Unions pick their child per value (`options.unionTypeId`, else the first child
 *   whose type accepts the value); for full control build union Data with `makeData`.
 *
 * The column reads with the value options in `options`. O(values) (O(1) for the zero-copy case).
 * @throws InvalidArgumentError naming the column when values do not fit the type, kinds are mixed, or
 * there are more than `options.maxLength` (default 2^31 - 1) values.
 * @throws AllocationError when a buffer cannot be allocated.
 */
export function columnFromArray<T = unknown>(values: ArrayLike<unknown> | TypedArray, type?: DataType, options: BuildOptions = {}): Column<T> {
  const name = options.name ?? ''
  const data = dataFromArray(values, type, options)
  return new Column<T>([data], options, field(name, data.type))
}

/**
 * Like {@link columnFromArray} but returns the single {@link Data} chunk.
 * @throws InvalidArgumentError, AllocationError as {@link columnFromArray}.
 */
export function dataFromArray(values: ArrayLike<unknown> | TypedArray, type?: DataType, options: BuildOptions = {}): Data {
  const name = options.name ?? ''
  if (values == null || typeof values.length !== 'number' || typeof values === 'string') {
    throw new InvalidArgumentError(`column "${name}": values must be an array or typed array`)
  }
  const max = options.maxLength ?? 2 ** 31 - 1
  if (values.length > max) throw new InvalidArgumentError(`column "${name}": ${values.length} values exceed the limit of ${max}`)
  if (ArrayBuffer.isView(values)) {
    const own = typedArrayType(values)
    if (own !== undefined && (type === undefined || isExactView(type, values))) {
      return new Data({ type: type ?? own, length: values.length, values })
    }
  }
  const t = type ?? inferType(values, { name, dictionary: options.dictionary === true })
  return buildData(t, values, new BuildContext(options, name))
}

/** The Arrow type of a numeric typed array, or undefined (DataView, Float16Array, unknown). */
function typedArrayType(values: ArrayBufferView): DataType | undefined {
  if (values instanceof Int8Array) return int8()
  if (values instanceof Int16Array) return int16()
  if (values instanceof Int32Array) return int32()
  if (values instanceof BigInt64Array) return int64()
  if (values instanceof Uint8Array || values instanceof Uint8ClampedArray) return uint8()
  if (values instanceof Uint16Array) return uint16()
  if (values instanceof Uint32Array) return uint32()
  if (values instanceof BigUint64Array) return uint64()
  if (values instanceof Float32Array) return float32()
  if (values instanceof Float64Array) return float64()
  return undefined
}

/** True when `values` already is the buffer of `type` (same Int/Float32/Float64 class). */
function isExactView(type: DataType, values: ArrayBufferView): boolean {
  if (type.typeId !== Type.Int && !(type.typeId === Type.Float && type.precision !== Precision.HALF)) return false
  const Ctor = valuesClass(type)
  return Ctor !== undefined && (values instanceof Ctor || (Ctor === Uint8Array && values instanceof Uint8ClampedArray))
}
