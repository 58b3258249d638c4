import { InvalidArgumentError } from '../errors'
import { Column } from './column'
import { Data, type DataInit } from './data'

/** What {@link makeData} accepts: a {@link DataInit} whose buffers may also be plain arrays and whose children may be Columns. */
export interface MakeDataInit extends Omit<DataInit, 'validity' | 'offsets' | 'sizes' | 'typeIds' | 'valueOffsets' | 'children' | 'dictionary'> {
  /** A bitmap, or one boolean per slot (packed here). */
  readonly validity?: Uint8Array | readonly boolean[] | null
  readonly offsets?: ArrayBufferView | readonly number[] | null
  readonly sizes?: ArrayBufferView | readonly number[] | null
  readonly typeIds?: ArrayBufferView | readonly number[] | null
  readonly valueOffsets?: ArrayBufferView | readonly number[] | null
  /** Child chunks; a Column stands for its single chunk. */
  readonly children?: readonly (Data | Column)[]
  readonly dictionary?: Data | Column | null
}

/**
 * The low-level builder: a {@link Data} from explicit buffers, for layouts the value builders do not
 * choose for you (e.g. a dense union with hand-picked type codes and offsets). Typed arrays are used
 * as they are (no copy); plain arrays are copied into typed arrays of the layout's class (32-bit; use
 * BigInt64Array yourself for the Large types). Nothing is validated here: call `validate` for that.
 *
 * @example
 * ```ts
 * const ints = columnFromArray([1, 2]), strs = columnFromArray(['a'])
 * const u = makeData({ type: union(UnionMode.Dense, [int32(), utf8()]), length: 3,
 *   typeIds: [0, 1, 0], valueOffsets: [0, 0, 1], children: [ints, strs] })
 * u.get(1) // 'a'
 * ```
 * @throws InvalidArgumentError when a Column child does not have exactly one chunk, or as `new Data`.
 */
export function makeData(init: MakeDataInit): Data {
  const v = init.validity
  let validity: Uint8Array | null | undefined
  if (Array.isArray(v)) {
    validity = new Uint8Array(Math.ceil(v.length / 8))
    v.forEach((ok, i) => {
      if (ok) validity![i >> 3]! |= 1 << (i & 7)
    })
  } else validity = v as Uint8Array | null | undefined
  const ints = (a: ArrayBufferView | readonly number[] | null | undefined, Ctor: Int32ArrayConstructor | Int8ArrayConstructor) =>
    Array.isArray(a) ? Ctor.from(a as number[]) : (a as ArrayBufferView | null | undefined)
  return new Data({
    ...init,
    validity,
    offsets: ints(init.offsets, Int32Array),
    sizes: ints(init.sizes, Int32Array),
    typeIds: ints(init.typeIds, Int8Array),
    valueOffsets: ints(init.valueOffsets, Int32Array),
    children: init.children?.map(single),
    dictionary: init.dictionary == null ? null : single(init.dictionary),
  })
}

function single(child: Data | Column): Data {
  if (child instanceof Data) return child
  if (child.data.length !== 1) throw new InvalidArgumentError(`a Column used as a child must have exactly one chunk, not ${child.data.length}`)
  return child.data[0]!
}
