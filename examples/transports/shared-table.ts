// The table every transport example sends: mixed types, 100k rows in 4 batches, and a digest to compare.
import { bool, dictionary, int32, int64, Table, tableFromArrays, utf8, type RecordBatch } from '@lightstream/core'

export function exampleTable(rows = 100_000, batches = 4): Table {
  const parts = Array.from({ length: batches }, (_, b) => chunk(b * (rows / batches), rows / batches))
  return new Table(parts[0]!.schema, parts.flatMap((part) => part.batches))
}

function chunk(start: number, rows: number): Table {
  const words = ['north', 'south', 'east', 'west']
  return tableFromArrays(
    {
      id: Int32Array.from({ length: rows }, (_, i) => start + i),
      price: Float64Array.from({ length: rows }, (_, i) => 100 + Math.sin(start + i) * 10),
      volume: Array.from({ length: rows }, (_, i) => ((start + i) % 10 === 0 ? null : BigInt(start + i) * 1000n)),
      note: Array.from({ length: rows }, (_, i) => ((start + i) % 7 === 0 ? null : `note ${start + i}`)),
      region: Array.from({ length: rows }, (_, i) => words[(start + i) % 4]!),
      active: Array.from({ length: rows }, (_, i) => (start + i) % 3 !== 0),
    },
    { types: { volume: int64(), note: utf8(), region: dictionary(utf8(), int32()), active: bool() } },
  )
}

/** Rows and an order-sensitive digest of a few columns, to show the data arrived intact. */
export function digest(table: { numRows: number; batches: readonly RecordBatch[] } & Pick<Table, 'getChild'>): string {
  let h = 0
  const id = table.getChild('id')!.toArray() as ArrayLike<number>
  const price = table.getChild('price')!.toArray() as ArrayLike<number>
  for (let i = 0; i < table.numRows; i += 97) h = (Math.imul(h, 31) + id[i]! + Math.round(price[i]! * 1000)) | 0
  const note = table.getChild('note')!
  const region = table.getChild('region')!
  h = (Math.imul(h, 31) + String(note.get(1)).length + String(region.get(table.numRows - 1)).length) | 0
  return `${table.numRows} rows, digest ${(h >>> 0).toString(16)}`
}
