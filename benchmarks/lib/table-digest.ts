/**
 * Order-sensitive digests of decoded tables, computed the same way over every implementation's objects
 * (through the small {@link ColumnAccess} adapter) and over the generated columns, so a pass that decodes
 * nothing, the wrong rows or the wrong values cannot match the expected check.
 */
import { valueAt, type RawTable } from './arrow-columns'

/** What the digest needs from one decoded column. */
export interface ColumnAccess {
  /** Rows in the column. */
  length: number
  /** Chunks (record batches) the column is made of. */
  chunks: number
  /** The value at row `i`: number, bigint, string, boolean or null. */
  get(i: number): unknown
}

const f64 = new Float64Array(1)
const i32 = new Int32Array(f64.buffer)

function mix(h: number, v: number): number {
  return (Math.imul(h ^ v, 0x01000193) + 0x9e3779b9) | 0
}

/** A 32-bit hash of one value; int64 as bigint and as number hash alike. */
export function hashValue(value: unknown): number {
  if (value === null) return 0x5bd1e995
  if (typeof value === 'bigint') value = Number(value)
  if (typeof value === 'number') {
    f64[0] = value
    return mix(i32[0]!, i32[1]!)
  }
  if (typeof value === 'boolean') return value ? 0x27d4eb2f : 0x165667b1
  if (typeof value === 'string') {
    let h = 0x811c9dc5 ^ value.length
    for (let k = 0; k < value.length; k++) h = Math.imul(h ^ value.charCodeAt(k), 0x01000193)
    return h | 0
  }
  throw new Error(`unexpected value ${String(value)} (${typeof value})`)
}

/** Fold one number into a digest. */
export function foldDigest(digest: number, value: number): number {
  return mix(digest, value | 0)
}

/** The rows a digest samples: `0, stride, 2·stride, ...` and the last row. */
export function sampleRows(numRows: number, stride: number): number[] {
  const rows: number[] = []
  for (let r = 0; r < numRows; r += stride) rows.push(r)
  if (numRows > 0 && rows[rows.length - 1] !== numRows - 1) rows.push(numRows - 1)
  return rows
}

/** The light sample: first, middle and last row. */
export function edgeRows(numRows: number): number[] {
  return numRows <= 0 ? [] : [...new Set([0, numRows >> 1, numRows - 1])]
}

/** Digest of a decoded table: its shape, each column's length and chunk count, and the values at `rows`. */
export function digestTable(numRows: number, columns: readonly ColumnAccess[], rows: readonly number[]): number {
  let h = foldDigest(foldDigest(0, numRows), columns.length)
  for (const c of columns) {
    h = foldDigest(foldDigest(h, c.length), c.chunks)
    for (const r of rows) h = foldDigest(h, hashValue(c.get(r)))
  }
  return h
}

/** The sum of a float64 column read as one array, folded bit-exactly into a digest. */
export function foldSum(digest: number, values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return foldDigest(digest, hashValue(sum))
}

/** The same digest computed from the generated columns (the expected value). */
export function digestRaw(table: RawTable, rows: readonly number[], sumFloat64: boolean): number {
  const chunks = Math.ceil(table.numRows / table.batchRows)
  let h = digestTable(
    table.numRows,
    table.columns.map((c) => ({ length: c.length, chunks, get: (i: number) => valueAt(c, i) })),
    rows,
  )
  if (sumFloat64) for (const c of table.columns) if (c.kind === 'f64') h = foldSum(h, c.values as Float64Array)
  return h
}
