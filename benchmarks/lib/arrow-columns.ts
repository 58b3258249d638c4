/**
 * Library-neutral Arrow test columns for the IPC cases: plain typed arrays laid out as Arrow buffers
 * (LSB bitmaps, int32 offsets, int32 dictionary indices), generated from a seed so every child process
 * builds the same bytes. Each implementation turns them into its own objects (`write-arrow-input.ts`
 * writes them with apache-arrow); `valueAt` is the reference every decoded value is checked against.
 */
import { seededRandom } from './workload'

/** The column kinds of the mixed tables, in the order the 1M-row table has them. */
export const COLUMN_KINDS = ['i32', 'f64', 'i64n', 'utf8', 'dict', 'bool'] as const

/**
 * `i32`: int32; `f64`: float64; `i64n`: int64 with ~10% nulls; `utf8`: 0–15 ASCII letters with ~5% nulls;
 * `dict`: dictionary<int32 indices, utf8> over 64 values; `bool`: random bits. Only i64n and utf8 have nulls.
 */
export type ColumnKind = (typeof COLUMN_KINDS)[number]

/** One column as Arrow buffers. */
export interface RawColumn {
  name: string
  kind: ColumnKind
  length: number
  nullCount: number
  /** Validity bitmap (bit set = valid); present only when `nullCount > 0`. */
  validity?: Uint8Array
  /** Values: Int32Array (i32, dict indices), Float64Array, BigInt64Array, Uint8Array (utf8 bytes, bool bits). */
  values: Int32Array | Float64Array | BigInt64Array | Uint8Array
  /** utf8 offsets (length + 1). */
  offsets?: Int32Array
  /** dict: the dictionary's utf8 offsets and bytes. */
  dictionary?: { length: number; offsets: Int32Array; data: Uint8Array }
}

/** A generated table: its columns and how many rows go into each record batch when written. */
export interface RawTable {
  numRows: number
  batchRows: number
  columns: RawColumn[]
}

const DICTIONARY_SIZE = 64

function bitmap(length: number, random: () => number, pValid: number): { bits: Uint8Array; nulls: number } {
  const bits = new Uint8Array((length + 7) >> 3)
  let nulls = 0
  for (let i = 0; i < length; i++) {
    if (random() < pValid) bits[i >> 3]! |= 1 << (i & 7)
    else nulls++
  }
  return { bits, nulls }
}

/** `count` strings as utf8 offsets + bytes: `word(i)` when it gives one (ASCII, under 16 chars), else 0–15 random letters. */
function utf8Values(count: number, random: () => number, word: (k: number) => string | undefined): { offsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(count + 1)
  const data = new Uint8Array(count * 16)
  let end = 0
  for (let i = 0; i < count; i++) {
    const fixed = word(i)
    if (fixed !== undefined) {
      for (let j = 0; j < fixed.length && j < 16; j++) data[end++] = fixed.charCodeAt(j)
    } else {
      const len = Math.floor(random() * 16)
      for (let j = 0; j < len; j++) data[end++] = 97 + Math.floor(random() * 26)
    }
    offsets[i + 1] = end
  }
  return { offsets, data: data.slice(0, end) }
}

/** One column of `kind` and `length` rows from `seed`. */
export function makeColumn(name: string, kind: ColumnKind, length: number, seed: number): RawColumn {
  const random = seededRandom(seed)
  switch (kind) {
    case 'i32': {
      const values = new Int32Array(length)
      for (let i = 0; i < length; i++) values[i] = (random() * 4294967296) | 0
      return { name, kind, length, nullCount: 0, values }
    }
    case 'f64': {
      const values = new Float64Array(length)
      for (let i = 0; i < length; i++) values[i] = random() * 2000 - 1000
      return { name, kind, length, nullCount: 0, values }
    }
    case 'i64n': {
      const { bits, nulls } = bitmap(length, random, 0.9)
      const values = new BigInt64Array(length)
      for (let i = 0; i < length; i++) if ((bits[i >> 3]! >> (i & 7)) & 1) values[i] = BigInt(Math.floor((random() - 0.5) * 2 ** 53))
      return { name, kind, length, nullCount: nulls, validity: nulls > 0 ? bits : undefined, values }
    }
    case 'utf8': {
      const { bits, nulls } = bitmap(length, random, 0.95)
      const { offsets, data } = utf8Values(length, random, (i) => ((bits[i >> 3]! >> (i & 7)) & 1 ? undefined : ''))
      return { name, kind, length, nullCount: nulls, validity: nulls > 0 ? bits : undefined, values: data, offsets }
    }
    case 'dict': {
      const dictionary = { length: DICTIONARY_SIZE, ...utf8Values(DICTIONARY_SIZE, random, (k) => `${name}-value-${k}`) }
      const values = new Int32Array(length)
      for (let i = 0; i < length; i++) values[i] = Math.floor(random() * DICTIONARY_SIZE)
      return { name, kind, length, nullCount: 0, values, dictionary }
    }
    case 'bool':
      return { name, kind, length, nullCount: 0, values: bitmap(length, random, 0.5).bits }
  }
}

/** The 1M-row style table: one column of each kind, named after it. */
export function mixedTable(numRows: number, batchRows: number, seed: number): RawTable {
  return { numRows, batchRows, columns: COLUMN_KINDS.map((kind, k) => makeColumn(kind, kind, numRows, seed * 97 + k)) }
}

/** A wide table: `numCols` columns cycling through the kinds, named `c000`, `c001`, ... */
export function wideTable(numCols: number, numRows: number, seed: number): RawTable {
  const columns: RawColumn[] = []
  for (let k = 0; k < numCols; k++) {
    columns.push(makeColumn(`c${String(k).padStart(3, '0')}`, COLUMN_KINDS[k % COLUMN_KINDS.length]!, numRows, seed * 7919 + k))
  }
  return { numRows, batchRows: numRows, columns }
}

const decoder = new TextDecoder()

/** The value at row `i` as the readers present it by default: number, string, boolean or null (int64 as a number). */
export function valueAt(col: RawColumn, i: number): unknown {
  if (col.validity !== undefined && ((col.validity[i >> 3]! >> (i & 7)) & 1) === 0) return null
  switch (col.kind) {
    case 'i32':
    case 'f64':
      return (col.values as Int32Array | Float64Array)[i]
    case 'i64n':
      return Number((col.values as BigInt64Array)[i])
    case 'utf8':
      return decoder.decode((col.values as Uint8Array).subarray(col.offsets![i]!, col.offsets![i + 1]!))
    case 'dict': {
      const d = col.dictionary!
      const k = (col.values as Int32Array)[i]!
      return decoder.decode(d.data.subarray(d.offsets[k]!, d.offsets[k + 1]!))
    }
    case 'bool':
      return ((col.values as Uint8Array)[i >> 3]! >> (i & 7)) & 1 ? true : false
  }
}

/**
 * Payload bytes of a table: the unpadded Arrow buffers of its columns as one batch (values, offsets,
 * validity where there are nulls, each dictionary once). The same for every implementation, whatever its
 * padding and framing.
 */
export function payloadBytes(table: RawTable): number {
  let total = 0
  for (const c of table.columns) {
    total += c.values.byteLength + (c.validity?.byteLength ?? 0) + (c.offsets?.byteLength ?? 0)
    if (c.dictionary !== undefined) total += c.dictionary.offsets.byteLength + c.dictionary.data.byteLength
  }
  return total
}
