import { InvalidArgumentError, OutOfRangeError } from '../errors'
import { countNulls } from './bitmap'
import { hasLargeOffsets, reinterpret, valuesClass, type TypedArray } from './buffer-views'
import type { DataType } from './data-type'
import { Type } from './type'
import { makeGetter, type ValueGetter } from './value-getter'
import { OPTION_KEYS, optionsKey, type ValueOptions } from './value-options'

/** What a {@link Data} is built from. Only `type` and `length` are required. */
export interface DataInit {
  readonly type: DataType
  readonly length: number
  /** Number of null slots, or -1 (default when a validity bitmap is given) to count lazily on first use. */
  readonly nullCount?: number
  /** Logical slot offset into the buffers (slicing); 0 by default. */
  readonly offset?: number
  /** Validity bitmap, LSB first; absent or empty means all slots valid. */
  readonly validity?: Uint8Array | null
  /** The values buffer; any typed array, re-viewed as the type's class (see `valuesClass`). */
  readonly values?: ArrayBufferView | null
  /** Offsets: Int32Array, or BigInt64Array for the Large types. Any typed array is re-viewed. */
  readonly offsets?: ArrayBufferView | null
  /** Sizes of list views: Int32Array, or BigInt64Array for LargeListView. */
  readonly sizes?: ArrayBufferView | null
  /** Union type codes (Int8Array). */
  readonly typeIds?: ArrayBufferView | null
  /** Dense union offsets into the selected child (Int32Array). */
  readonly valueOffsets?: ArrayBufferView | null
  /** Data buffers of BinaryView / Utf8View. */
  readonly variadic?: readonly Uint8Array[]
  readonly children?: readonly Data[]
  /** For dictionary-encoded data: the dictionary values in force. */
  readonly dictionary?: Data | null
}

/**
 * The token of {@link Data}'s second constructor argument, for readers that have checked `init` themselves
 * (the IPC reader's flat columns): see the constructor. Not for application code: nothing is checked.
 * @internal
 */
export const CHECKED_INIT: unique symbol = Symbol('lightstream.checkedDataInit')

/** Shared empty lists for the many Data without variadic buffers or children (both are readonly). */
const NO_VARIADIC: readonly Uint8Array[] = Object.freeze([])
const NO_CHILDREN: readonly Data[] = Object.freeze([])

/**
 * One array chunk: a type, a length and typed-array views over its buffers. Construction is O(1) and
 * never copies (a buffer handed over as the wrong typed array class is re-viewed in O(1); only a
 * misaligned one, which no typed array can view, is copied). The null count is computed lazily, once.
 * Values are read with {@link Data.get} or, in hot loops, a getter from {@link Data.getter}.
 *
 * Slicing keeps the buffers and moves `offset`; children of structs, sparse unions and fixed-size lists
 * are addressed through the parent's offset, as in the Arrow C data interface.
 */
export class Data {
  readonly type: DataType
  readonly length: number
  readonly offset: number
  readonly validity: Uint8Array | undefined
  readonly values: TypedArray | undefined
  readonly offsets: Int32Array | BigInt64Array | undefined
  readonly sizes: Int32Array | BigInt64Array | undefined
  readonly typeIds: Int8Array | undefined
  readonly valueOffsets: Int32Array | undefined
  readonly variadic: readonly Uint8Array[]
  readonly children: readonly Data[]
  readonly dictionary: Data | undefined
  private _nullCount: number
  /** The getter for the default options (the common case, kept out of the array so most chunks never make one). */
  private _getter: ValueGetter | undefined
  private _getters: (ValueGetter | undefined)[] | undefined

  /**
   * @param checked - `CHECKED_INIT` (internal) when the caller guarantees a flat layout already checked: `type`
   *   is not Null, Union or RunEndEncoded; `length` and `nullCount` are exact non-negative integers; offset 0;
   *   `validity` is null exactly when `nullCount` is 0; `values` and `offsets` are already the classes the
   *   type keeps them in; no sizes, type ids, value offsets, variadic buffers or children. The checks and
   *   re-viewing below are skipped (about 7% of decoding a small table, measured).
   * @throws InvalidArgumentError when length, offset or nullCount is not a valid integer or type is missing.
   */
  constructor(init: DataInit, checked?: typeof CHECKED_INIT) {
    if (checked === CHECKED_INIT) {
      // Every field, as below (class fields: the object has the same shape either way).
      this.type = init.type
      this.length = init.length
      this.offset = 0
      this.validity = init.validity ?? undefined
      this._nullCount = init.nullCount!
      this.values = (init.values ?? undefined) as TypedArray | undefined
      this.offsets = (init.offsets ?? undefined) as Int32Array | BigInt64Array | undefined
      this.sizes = undefined
      this.typeIds = undefined
      this.valueOffsets = undefined
      this.variadic = NO_VARIADIC
      this.children = NO_CHILDREN
      this.dictionary = init.dictionary ?? undefined
      this._getter = undefined
      this._getters = undefined
      return
    }
    const { type, length, offset = 0 } = init
    if (type == null || typeof type.typeId !== 'number') throw new InvalidArgumentError('Data needs a type')
    if (!Number.isSafeInteger(length) || length < 0) throw new InvalidArgumentError(`Data length must be a non-negative integer, got ${length}`)
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidArgumentError(`Data offset must be a non-negative integer, got ${offset}`)
    let nullCount = init.nullCount ?? -1
    if (!Number.isSafeInteger(nullCount) || nullCount < -1) throw new InvalidArgumentError(`Data nullCount must be -1 or a count, got ${nullCount}`)
    let validity = init.validity ?? undefined
    if (validity !== undefined && validity.byteLength === 0) validity = undefined
    if (type.typeId === Type.Null) {
      validity = undefined
      nullCount = length
    } else if (type.typeId === Type.Union || type.typeId === Type.RunEndEncoded) {
      // No validity of their own: nulls live in the children.
      validity = undefined
      nullCount = 0
    } else if (validity === undefined || nullCount === 0) {
      validity = undefined
      nullCount = 0
    }
    this.type = type
    this.length = length
    this.offset = offset
    this.validity = validity
    this._nullCount = nullCount
    const Values = valuesClass(type)
    this.values = init.values == null ? undefined : Values ? reinterpret(init.values, Values) : (init.values as TypedArray)
    const Offsets = hasLargeOffsets(type) ? BigInt64Array : Int32Array
    this.offsets = init.offsets == null ? undefined : reinterpret(init.offsets, Offsets)
    this.sizes = init.sizes == null ? undefined : reinterpret(init.sizes, Offsets)
    this.typeIds = init.typeIds == null ? undefined : reinterpret(init.typeIds, Int8Array)
    this.valueOffsets = init.valueOffsets == null ? undefined : reinterpret(init.valueOffsets, Int32Array)
    this.variadic = init.variadic ?? NO_VARIADIC
    this.children = init.children ?? NO_CHILDREN
    this.dictionary = init.dictionary ?? undefined
    this._getter = undefined
    this._getters = undefined
  }

  /** Number of null slots: given at construction, or counted from the bitmap on first use. O(1) after that. */
  get nullCount(): number {
    if (this._nullCount < 0) this._nullCount = this.validity ? countNulls(this.validity, this.offset, this.length) : 0
    return this._nullCount
  }

  /**
   * True when slot `i` is valid in this chunk's own validity bitmap (Null type: never). Unions and
   * run-end encoded data have no bitmap: their nulls are the children's, seen through {@link Data.get}.
   * O(1); no bounds check.
   */
  isValid(i: number): boolean {
    if (this.type.typeId === Type.Null) return false
    const v = this.validity
    if (v === undefined) return true
    const j = this.offset + i
    return ((v[j >> 3]! >> (j & 7)) & 1) === 1
  }

  /**
   * Value of slot `i`, or null. The conversion follows `options` (see {@link ValueOptions}).
   * O(1) for flat types (run-end encoded: O(log runs)); nested values are built on access.
   * @throws OutOfRangeError when `i` is not an integer in `[0, length)`.
   */
  get(i: number, options?: ValueOptions): unknown {
    if (!(i >= 0 && i < this.length && Number.isInteger(i))) throw new OutOfRangeError(`index ${i} is outside [0, ${this.length})`)
    return this.getter(options)(i)
  }

  /**
   * The value getter of this chunk for `options`: a function of the logical index with nulls, offset and
   * the type's conversion chosen once. Built on first use and cached per option set, so repeated calls
   * are O(1) and allocate nothing. Unchecked: the index must be in `[0, length)`.
   */
  getter(options?: ValueOptions): ValueGetter {
    const key = optionsKey(options)
    if (key === 0) return (this._getter ??= makeGetter(this, options ?? {}))
    const cache = (this._getters ??= new Array<ValueGetter | undefined>(OPTION_KEYS))
    return (cache[key] ??= makeGetter(this, options ?? {}))
  }

  /**
   * A chunk over slots `[offset, offset + length)` of this one. O(1), shares every buffer.
   * @throws OutOfRangeError when the range leaves `[0, this.length]`.
   */
  slice(offset: number, length = this.length - offset): Data {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.length) {
      throw new OutOfRangeError(`slice(${offset}, ${length}) is outside a Data of length ${this.length}`)
    }
    const known = this._nullCount
    const nullCount = known === 0 ? 0 : known === this.length ? length : -1
    return new Data({
      type: this.type, length, offset: this.offset + offset, nullCount, validity: this.validity ?? null, values: this.values ?? null,
      offsets: this.offsets ?? null, sizes: this.sizes ?? null, typeIds: this.typeIds ?? null, valueOffsets: this.valueOffsets ?? null,
      variadic: this.variadic, children: this.children, dictionary: this.dictionary ?? null,
    })
  }
}
