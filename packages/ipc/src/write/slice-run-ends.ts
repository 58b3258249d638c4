import { Data, Type } from '@lightstream/core'
import type { BodyWriter } from './body-writer'
import { fail } from './slice-buffers'

/**
 * Run-end encoded data seen through a slice: the core model keeps the run ends absolute and moves the
 * parent's `offset`, but IPC has no offsets, so the runs covering `[offset, offset + length)` are written
 * with their ends made relative to the slice and clamped to its length.
 */

/** Reads run end `k` (logical index of the run ends child) as a number. */
function endReader(ends: Data, path: string): (k: number) => number {
  const values = ends.values
  if (values === undefined) return fail(path, 'run ends buffer is missing')
  const base = ends.offset
  if (values.length < base + ends.length) fail(path, `run ends buffer has ${values.length} entries, needs ${base + ends.length}`)
  if (values instanceof BigInt64Array) {
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2)
    return (k) => words[2 * (base + k) + 1]! * 4294967296 + (words[2 * (base + k)]! >>> 0)
  }
  const v = values as Int16Array | Int32Array
  return (k) => v[base + k]!
}

/** First run whose end is above `slot` (binary search; runs must increase). */
function runAt(end: (k: number) => number, runs: number, slot: number): number {
  let lo = 0
  let hi = runs
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (end(mid) > slot) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * The `[runEnds, values]` children to write for a run-end encoded Data: the originals when the data is
 * not sliced and its last run ends exactly at its length (no copy); otherwise the covering runs, with
 * ends rebased and clamped into a new buffer (a counted copy of O(runs) bytes) and the values sliced
 * (a view). O(log runs) plus the copy.
 * @throws InvalidDataError when a child is missing or the runs do not cover the slice.
 * @internal
 */
export function sliceRunEnds(w: BodyWriter, data: Data, path: string): [Data, Data] {
  const ends = data.children[0]
  const values = data.children[1]
  if (ends === undefined || values === undefined) return fail(path, 'run-end encoded data needs run ends and values children')
  const { offset, length } = data
  if (length === 0) return [ends.slice(0, 0), values.slice(0, 0)]
  const end = endReader(ends, `${path}.run_ends`)
  const runs = ends.length
  const first = runAt(end, runs, offset)
  const last = runAt(end, runs, offset + length - 1)
  if (last >= runs) fail(`${path}.run_ends`, `the runs end before offset + length ${offset + length}`)
  const count = last - first + 1
  if (values.length < last + 1) fail(`${path}.values`, `${values.length} values for ${last + 1} runs`)
  if (offset === 0 && first === 0 && end(last) === length) return [ends.slice(0, count), values.slice(0, count)]

  const width = ends.type.typeId === Type.Int ? ends.type.bitWidth / 8 : 4
  const out = w.allocCopy(count * width)
  if (width === 8) {
    const words = new Int32Array(out.buffer, out.byteOffset, count * 2)
    for (let k = 0; k < count; k++) {
      const e = Math.min(end(first + k), offset + length) - offset
      words[2 * k] = e >>> 0
      words[2 * k + 1] = Math.floor(e / 4294967296)
    }
  } else {
    const rebased = width === 2 ? new Int16Array(out.buffer, out.byteOffset, count) : new Int32Array(out.buffer, out.byteOffset, count)
    for (let k = 0; k < count; k++) rebased[k] = Math.min(end(first + k), offset + length) - offset
  }
  const newEnds = new Data({ type: ends.type, length: count, nullCount: 0, values: out })
  return [newEnds, values.slice(first, count)]
}
