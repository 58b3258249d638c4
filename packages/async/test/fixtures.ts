import { bool, dictionary, int32, int64, tableFromArrays, utf8, type Table } from '@lightstream/core'
import { compareTables } from '@lightstream/ipc'

/** A table of mixed types: int32, float64, int64 with nulls, utf8 with nulls, dictionary of utf8, bool with nulls. */
export function mixedTable(rows = 1000, seed = 1): Table {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon']
  return tableFromArrays(
    {
      id: Int32Array.from({ length: rows }, (_, i) => i * seed),
      x: Float64Array.from({ length: rows }, (_, i) => i / 7 + seed),
      big: Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : BigInt(i) * 1_000_000_007n - 3n)),
      name: Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : `row-${i}-${'é'.repeat(i % 4)}`)),
      kind: Array.from({ length: rows }, (_, i) => words[(i * seed) % words.length]!),
      flag: Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : i % 3 === 0)),
    },
    { types: { big: int64(), name: utf8(), kind: dictionary(utf8(), int32()), flag: bool() } },
  )
}

/** Throw with the first difference when `actual` is not `expected`, value for value. */
export function expectSameTable(actual: Table, expected: Table): void {
  const diff = compareTables(expected, actual)
  if (diff !== null) throw new Error(`tables differ: ${diff}`)
  if (actual.numRows !== expected.numRows) throw new Error(`rows: ${actual.numRows} vs ${expected.numRows}`)
}

/** Collect every chunk of a source into one Uint8Array. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of source) {
    chunks.push(chunk.slice())
    total += chunk.byteLength
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
