import { InvalidArgumentError, OutOfRangeError } from '../errors'
import type { TypedArray, TypedArrayConstructor } from './buffer-views'
import type { Data } from './data'
import type { DataType } from './data-type'
import { fieldExtension } from './extension-registry'
import type { Field } from './field'
import { Precision, Type } from './type'
import { NOT_QUICK, quickRead } from './quick-read'
import type { ValueGetter } from './value-getter'
import type { ValueOptions } from './value-options'

/** How many values a one-chunk column reads before building its getter (see `quickRead`). */
const QUICK_READS = 16

/**
 * A column: a type and a list of {@link Data} chunks read as one sequence, with the value options
 * chosen at creation. Construction is O(chunks). `get` finds the chunk by binary search (O(log chunks));
 * iteration and `toArray` walk the chunks directly. A registered extension's `toValue` (see
 * `registerExtensionType`) is applied to the values of an extension field.
 */
export class Column<T = unknown> implements Iterable<T | null> {
  readonly type: DataType
  readonly field: Field | undefined
  readonly data: readonly Data[]
  readonly length: number
  readonly options: ValueOptions
  /** Row index where each chunk starts, then the length (`chunks + 1` entries); made on first use. */
  private _starts: number[] | undefined
  /** Getters of chunks 1 and on, made on first use (chunk 0's is `first`: most columns have one chunk). */
  private getters: (ValueGetter | undefined)[] | undefined
  private first: ValueGetter | undefined
  /** Reads left before chunk 0's getter is built (see `quickRead`); 0 for several chunks or an extension. */
  private quickLeft: number
  private _nullCount = -1

  /**
   * @param data the chunks, all of the same type.
   * @param options value conversion used by every read.
   * @param field the column's field; its type is used when there are no chunks.
   * @throws InvalidArgumentError when there are neither chunks nor a field, or chunk types differ.
   */
  constructor(data: readonly Data[], options: ValueOptions = {}, field?: Field) {
    const type = field?.type ?? data[0]?.type
    if (type === undefined) throw new InvalidArgumentError('a Column needs at least one chunk or a field')
    let length = 0
    for (let k = 0; k < data.length; k++) {
      const chunk = data[k]!
      // The same type object (a table's columns share their field's) needs no property loads.
      if (chunk.type !== type && chunk.type.typeId !== type.typeId) {
        throw new InvalidArgumentError(`column chunks have different types (${chunk.type.typeId} and ${type.typeId})`)
      }
      length += chunk.length
    }
    this.type = type
    this.field = field
    this.data = data
    this.length = length
    this.options = options
    this._starts = undefined
    this.getters = undefined
    this.first = undefined
    // Empty metadata cannot name an extension, whose conversion lives in the getter.
    this.quickLeft = data.length === 1 && (field === undefined || field.metadata.size === 0) ? QUICK_READS : 0
  }

  /** Total null slots of the chunks (their own validity; see `Data.nullCount`). Computed once. */
  get nullCount(): number {
    if (this._nullCount < 0) this._nullCount = this.data.reduce((n, d) => n + d.nullCount, 0)
    return this._nullCount
  }

  /**
   * Value at row `i`, or null. O(log chunks) plus the type's read. A one-chunk column reads its first few
   * values of a flat type without building its getter, which pays off only over more reads.
   * @throws OutOfRangeError when `i` is not an integer in `[0, length)`.
   */
  get(i: number): T | null {
    if (!(i >= 0 && i < this.length && Number.isInteger(i))) throw new OutOfRangeError(`index ${i} is outside [0, ${this.length})`)
    if (this.data.length === 1) {
      const first = this.first
      if (first !== undefined) return first(i) as T | null
      if (this.quickLeft > 0) {
        this.quickLeft--
        const v = quickRead(this.data[0]!, i, this.options)
        if (v !== NOT_QUICK) return v as T | null
      }
      return this.getterAt(0)(i) as T | null
    }
    const k = this.chunkOf(i)
    return this.getterAt(k)(i - this.starts()[k]!) as T | null
  }

  /** Like `Array.prototype.at`: negative `i` counts from the end; undefined when out of range. */
  at(i: number): T | null | undefined {
    let k = Math.trunc(i)
    if (k < 0) k += this.length
    return k >= 0 && k < this.length ? this.get(k) : undefined
  }

  /**
   * The value getter of chunk `k` with this column's options (and extension conversion). Cached;
   * unchecked index within the chunk. O(1) after the first call.
   * @throws OutOfRangeError when there is no chunk `k`.
   */
  getterAt(k: number): ValueGetter {
    const cached = k === 0 ? this.first : this.getters?.[k]
    if (cached !== undefined) return cached
    const chunk = this.data[k]
    if (chunk === undefined) throw new OutOfRangeError(`chunk ${k} is outside [0, ${this.data.length})`)
    let getter = chunk.getter(this.options)
    const ext = fieldExtension(this.field)
    const toValue = ext?.extension.toValue
    if (ext !== undefined && toValue !== undefined) {
      const base = getter
      const metadata = ext.metadata
      getter = (i) => {
        const v = base(i)
        return v === null ? null : toValue.call(ext.extension, v, metadata)
      }
    }
    if (k === 0) this.first = getter
    else (this.getters ??= new Array<ValueGetter | undefined>(this.data.length))[k] = getter
    return getter
  }

  /** The chunk starts, computed on first use (most columns have one chunk and never need them). O(chunks). */
  private starts(): number[] {
    if (this._starts !== undefined) return this._starts
    const starts = new Array<number>(this.data.length + 1)
    let at = 0
    starts[0] = 0
    for (let k = 0; k < this.data.length; k++) starts[k + 1] = at += this.data[k]!.length
    return (this._starts = starts)
  }

  /** Index of the chunk holding row `i` (binary search over chunk starts). */
  private chunkOf(i: number): number {
    const starts = this.starts()
    let lo = 0
    let hi = starts.length - 2
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (starts[mid]! <= i) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Iterates the values chunk by chunk (no per-value chunk search). */
  [Symbol.iterator](): Iterator<T | null> {
    return new ColumnIterator<T>(this)
  }

  /**
   * All values. When the column has no nulls and its values are stored exactly as they read:
   * a single chunk gives a zero-copy typed array VIEW of its buffer (Int8–Int32, Uint8–Uint32, Float32,
   * Float64, Time32; 64-bit ints, Time64, Duration and raw timestamps as BigInt64Array/BigUint64Array with
   * `useBigInt`), several chunks a copied typed array of the same class. Other number-valued types without
   * nulls (Int64 as numbers, Float16, dates and timestamps as ms) give a Float64Array copy. Anything else,
   * or any null, gives a JS array of values. O(length) except the view case (O(1)).
   */
  toArray(): TypedArray | (T | null)[] {
    const Ctor = this.nullCount === 0 && fieldExtension(this.field)?.extension.toValue === undefined ? arrayClass(this.type, this.options) : undefined
    if (Ctor !== undefined) {
      const chunk = this.data[0]
      if (Ctor !== Float64Array || (this.type.typeId === Type.Float && this.type.precision === Precision.DOUBLE)) {
        if (this.data.length === 1 && chunk?.values !== undefined) return chunk.values.subarray(chunk.offset, chunk.offset + chunk.length)
        const out = new Ctor(this.length)
        this.data.forEach((d, k) => {
          if (d.values !== undefined) (out as Uint8Array).set(d.values.subarray(d.offset, d.offset + d.length) as Uint8Array, this.starts()[k])
        })
        return out
      }
      const out = new Float64Array(this.length)
      this.fill(out)
      return out
    }
    // Grown by push: a preallocated `new Array(n)` of a million holes is far slower to fill.
    const out: (T | null)[] = []
    this.data.forEach((d, k) => {
      const getter = this.getterAt(k)
      for (let i = 0; i < d.length; i++) out.push(getter(i) as T | null)
    })
    return out
  }

  private fill(out: Float64Array): void {
    this.data.forEach((d, k) => {
      const getter = this.getterAt(k)
      const base = this.starts()[k]!
      for (let i = 0; i < d.length; i++) out[base + i] = getter(i) as number
    })
  }
}

/**
 * The typed array class `toArray` returns for a null-free column of `type`, or undefined for a JS array.
 * Float64Array stands for "numbers needing conversion" except for Float64 itself.
 */
function arrayClass(type: DataType, o: ValueOptions): TypedArrayConstructor | undefined {
  switch (type.typeId) {
    case Type.Int:
      if (type.bitWidth === 64) return o.useBigInt ? (type.signed ? BigInt64Array : BigUint64Array) : Float64Array
      return type.bitWidth === 8 ? (type.signed ? Int8Array : Uint8Array) : type.bitWidth === 16 ? (type.signed ? Int16Array : Uint16Array) : type.signed ? Int32Array : Uint32Array
    case Type.Float: return type.precision === Precision.SINGLE ? Float32Array : Float64Array
    case Type.Time: return type.bitWidth === 32 ? Int32Array : o.useBigInt ? BigInt64Array : Float64Array
    case Type.Duration: return o.useBigInt ? BigInt64Array : Float64Array
    case Type.Timestamp: return o.useDate ? undefined : o.useBigInt ? BigInt64Array : Float64Array
    case Type.Date: return o.useDate ? undefined : Float64Array
    default: return undefined
  }
}

/** Walks a column chunk by chunk with each chunk's getter. */
class ColumnIterator<T> implements Iterator<T | null> {
  private chunk = -1
  private pos = 0
  private end = 0
  private getter: ValueGetter = () => null

  constructor(private readonly column: Column<T>) {}

  next(): IteratorResult<T | null> {
    while (this.pos >= this.end) {
      const data = this.column.data
      if (++this.chunk >= data.length) return { done: true, value: undefined }
      this.getter = this.column.getterAt(this.chunk)
      this.pos = 0
      this.end = data[this.chunk]!.length
    }
    return { done: false, value: this.getter(this.pos++) as T | null }
  }

  [Symbol.iterator](): this {
    return this
  }
}
