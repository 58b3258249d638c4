import { writeFileSync } from 'node:fs'
import { dictionary, int32, tableFromArrays, utf8, type Table } from '@lightstream/core'
import { tableToIPC } from '@lightstream/ipc'

/** A table of `rows` rows with ints, floats, nullable strings, a dictionary and 64-bit integers, in batches of `batchRows`. */
export function sampleTable(rows: number): Table {
  return tableFromArrays({
    id: Int32Array.from({ length: rows }, (_, i) => i),
    score: Float64Array.from({ length: rows }, (_, i) => i / 7),
    name: Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : `name-${i}`)),
    big: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 1_000_000_007n),
    tag: Array.from({ length: rows }, (_, i) => ['red', 'green', 'blue'][i % 3]!),
  }, { types: { tag: dictionary(utf8(), int32()) } })
}

/** Writes `table` as an IPC stream (`.arrows`) and file (`.arrow`) under `base`; returns both paths. */
export function writeSample(base: string, table: Table): { stream: string; file: string; streamBytes: Uint8Array; fileBytes: Uint8Array } {
  const streamBytes = tableToIPC(table)
  const fileBytes = tableToIPC(table, { format: 'file' })
  writeFileSync(`${base}.arrows`, streamBytes)
  writeFileSync(`${base}.arrow`, fileBytes)
  return { stream: `${base}.arrows`, file: `${base}.arrow`, streamBytes, fileBytes }
}
