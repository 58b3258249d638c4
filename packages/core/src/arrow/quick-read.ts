import type { Data } from './data'
import type { FloatType } from './data-type'
import { Precision, Type } from './type'
import { decodeUtf8 } from './utf8'
import type { ValueOptions } from './value-options'

/** What {@link quickRead} returns when the slot needs the chunk's getter. */
export const NOT_QUICK: unique symbol = Symbol('lightstream.notQuick')

/**
 * Reads one logical slot of a chunk without building its getter, for the common flat types: integers,
 * float32/64, booleans, utf8 and binary with 32-bit offsets, and dictionaries of those. Returns
 * {@link NOT_QUICK} for every other type, option set or buffer shape, and the caller builds the getter,
 * which reads the slot (and reports a malformed chunk) as before.
 *
 * Why: a getter is a closure chosen once per chunk and type, which pays off over many reads but costs
 * more than a handful of them (about 80 ns per column here, against a few ns per read). Columns that are
 * read a few times (a preview, the first and last rows, a lookup) are the common case for a freshly
 * decoded table, so {@link Column.get} reads its first few values through here and builds the getter
 * only when the column keeps being read. The values are identical: the same buffers, the same null
 * test, the same conversions (64-bit integers as numbers unless `useBigInt`, exact to 2^53 and rounded
 * to nearest beyond), and the same buffer-size precondition as the getter's check, so a chunk the getter
 * would refuse is never read here. O(1) except utf8's decode, which is O(length of the value).
 *
 * Unchecked: `0 <= i < data.length`.
 */
export function quickRead(data: Data, i: number, options: ValueOptions): unknown {
  // One function, and a dictionary's value read by going round the loop again, so that the whole read
  // can be inlined into `Column.get` (a call per level cost more than the read).
  let chunk = data
  let j = data.offset + i
  for (;;) {
    const validity = chunk.validity
    if (validity !== undefined) {
      const byte = validity[j >> 3]
      if (byte === undefined) return NOT_QUICK
      if (((byte >> (j & 7)) & 1) === 0) return null
    }
    const values = chunk.values
    if (values === undefined) return NOT_QUICK
    const type = chunk.type
    const slots = chunk.offset + chunk.length
    switch (type.typeId) {
      case Type.Int: {
        if (values.length < slots) return NOT_QUICK
        const v = values[j]!
        return typeof v === 'bigint' && options.useBigInt !== true ? Number(v) : v
      }
      case Type.Float:
        return (type as FloatType).precision === Precision.HALF || values.length < slots ? NOT_QUICK : values[j]
      case Type.Bool:
        return values.length * 8 < slots ? NOT_QUICK : (((values[j >> 3] as number) >> (j & 7)) & 1) === 1
      case Type.Utf8:
      case Type.Binary: {
        const offsets = chunk.offsets as Int32Array | undefined
        if (offsets === undefined) return NOT_QUICK
        const start = offsets[j]
        const end = offsets[j + 1]
        if (start === undefined || end === undefined) return NOT_QUICK
        const bytes = values as Uint8Array
        return type.typeId === Type.Utf8 ? decodeUtf8(bytes, start, end) : bytes.subarray(start, end)
      }
      case Type.Dictionary: {
        const dictionary = chunk.dictionary
        const k = values[j]
        // 64-bit indices (bigint) and a missing dictionary take the getter, which reports the latter.
        if (dictionary === undefined || typeof k !== 'number') return NOT_QUICK
        if (!(k >= 0 && k < dictionary.length)) return null
        chunk = dictionary
        j = dictionary.offset + k
        continue
      }
      default:
        return NOT_QUICK
    }
  }
}
