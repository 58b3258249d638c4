/**
 * Writes a generated table as an Arrow IPC stream with apache-arrow, the reference JavaScript writer. It is
 * the one input of every IPC case: all implementations decode (or decode, then re-encode) the same bytes,
 * written by the baseline rather than by ours, 8-byte aligned as apache-arrow writes them.
 */
import type { RawColumn, RawTable } from './arrow-columns'

type Arrow = typeof import('apache-arrow')

function columnData(arrow: Arrow, c: RawColumn): import('apache-arrow').Data {
  const { makeData, makeVector } = arrow
  const length = c.length
  const nullCount = c.nullCount
  const nullBitmap = c.validity
  switch (c.kind) {
    case 'i32':
      return makeData({ type: new arrow.Int32(), length, nullCount, nullBitmap, data: c.values as Int32Array })
    case 'f64':
      return makeData({ type: new arrow.Float64(), length, nullCount, nullBitmap, data: c.values as Float64Array })
    case 'i64n':
      return makeData({ type: new arrow.Int64(), length, nullCount, nullBitmap, data: c.values as BigInt64Array })
    case 'utf8':
      return makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets: c.offsets!, data: c.values as Uint8Array })
    case 'dict': {
      const d = c.dictionary!
      const dictionary = makeVector(makeData({ type: new arrow.Utf8(), length: d.length, nullCount: 0, valueOffsets: d.offsets, data: d.data }))
      const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())
      return makeData({ type, length, nullCount, nullBitmap, data: c.values as Int32Array, dictionary })
    }
    case 'bool':
      return makeData({ type: new arrow.Bool(), length, nullCount, nullBitmap, data: c.values as Uint8Array })
  }
}

/**
 * The table as an IPC stream written by apache-arrow's `tableToIPC`, cut into record batches of
 * `table.batchRows` rows (slices of the full columns, which apache-arrow rebases as it writes). Every
 * dictionary column has its own dictionary id; each dictionary is written once.
 */
export async function writeArrowInput(table: RawTable): Promise<Uint8Array> {
  const arrow = await import('apache-arrow')
  const datas = table.columns.map((c) => columnData(arrow, c))
  const fields = table.columns.map((c, k) => new arrow.Field(c.name, datas[k]!.type, c.nullCount > 0))
  const schema = new arrow.Schema(fields)
  const batches = []
  for (let offset = 0; offset < table.numRows; offset += table.batchRows) {
    const length = Math.min(table.batchRows, table.numRows - offset)
    const children = offset === 0 && length === table.numRows ? datas : datas.map((d) => d.slice(offset, length))
    batches.push(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length, nullCount: 0, children })))
  }
  return arrow.tableToIPC(new arrow.Table(schema, batches), 'stream')
}
