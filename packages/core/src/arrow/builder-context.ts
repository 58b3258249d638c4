import type { Allocator } from '../allocator'
import { AllocationError, InvalidArgumentError } from '../errors'
import type { TypedArrayConstructor } from './buffer-views'
import type { ValueOptions } from './value-options'

/** Options of {@link columnFromArray} and {@link tableFromArrays}: building plus the value options the result reads with. */
export interface BuildOptions extends ValueOptions {
  /** Where new buffers come from (64-byte aligned); default: a fresh ArrayBuffer per buffer. */
  readonly allocator?: Allocator
  /** Column name, used for the field and in error messages. */
  readonly name?: string
  /** Infer string values as Dictionary<Int32, Utf8> instead of Utf8. */
  readonly dictionary?: boolean
  /**
   * For union types: the type code (one of the union's `typeIds`) of each value. Default: the first
   * child whose type accepts the value (see `acceptsValue`).
   */
  readonly unionTypeId?: (value: unknown, index: number) => number
  /** Largest number of slots a builder accepts for one column (default 2^31 - 1). */
  readonly maxLength?: number
}

/** Largest buffer a builder allocates, in bytes (2 GiB). */
export const MAX_BUFFER_BYTES = 2 ** 31

/** The state builders thread through nested types: options and the path for error messages. */
export class BuildContext {
  constructor(
    readonly options: BuildOptions,
    readonly path: string,
  ) {}

  /** The context of a child, e.g. `tags[]` or `point.x`. */
  child(suffix: string): BuildContext {
    return new BuildContext(this.options, this.path + suffix)
  }

  /** An error about value `index`, naming the column path. */
  invalid(index: number, expected: string, value: unknown): InvalidArgumentError {
    return new InvalidArgumentError(`column "${this.path}": value at index ${index} is not a valid ${expected}: ${describe(value)}`)
  }

  /** An error about the column as a whole. */
  error(message: string): InvalidArgumentError {
    return new InvalidArgumentError(`column "${this.path}": ${message}`)
  }

  /**
   * A zeroed typed array of `length` elements in 64-byte aligned memory padded to a multiple of 64 bytes.
   * @throws AllocationError when the memory cannot be had or exceeds {@link MAX_BUFFER_BYTES}.
   */
  alloc<C extends TypedArrayConstructor>(Ctor: C, length: number): InstanceType<C> {
    const bytes = length * Ctor.BYTES_PER_ELEMENT
    const padded = Math.ceil(bytes / 64) * 64
    if (!Number.isSafeInteger(padded) || padded > MAX_BUFFER_BYTES) {
      throw new AllocationError(`column "${this.path}": a buffer of ${bytes} bytes exceeds the ${MAX_BUFFER_BYTES}-byte builder limit`)
    }
    let raw: Uint8Array
    try {
      raw = this.options.allocator ? this.options.allocator.alloc(padded, 64) : new Uint8Array(padded)
    } catch (cause) {
      if (cause instanceof AllocationError) throw cause
      throw new AllocationError(`column "${this.path}": cannot allocate ${padded} bytes`, { cause })
    }
    if (raw.byteLength < bytes || raw.byteOffset % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new AllocationError(`column "${this.path}": the allocator returned ${raw.byteLength} bytes at offset ${raw.byteOffset} for ${bytes}`)
    }
    return new Ctor(raw.buffer as ArrayBuffer, raw.byteOffset, length) as InstanceType<C>
  }

  /**
   * The validity bitmap of `values` (null and undefined are null slots), or undefined when none is null.
   * O(n).
   */
  validity(values: ArrayLike<unknown>): { validity: Uint8Array | undefined; nullCount: number } {
    const n = values.length
    let nullCount = 0
    for (let i = 0; i < n; i++) if (values[i] == null) nullCount++
    if (nullCount === 0) return { validity: undefined, nullCount }
    const bits = this.alloc(Uint8Array, Math.ceil(n / 8))
    for (let i = 0; i < n; i++) if (values[i] != null) bits[i >> 3]! |= 1 << (i & 7)
    return { validity: bits, nullCount }
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Date) return `Date(${value.getTime()})`
  if (Array.isArray(value)) return `array(${value.length})`
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength} bytes)`
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object'
  return String(value)
}
