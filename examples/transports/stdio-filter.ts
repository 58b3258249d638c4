// Reads an IPC stream on stdin, writes the rows whose `active` column is true to stdout as an IPC stream.
import { Table, tableFromArrays, type RecordBatch } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { stdinSource, stdoutSink } from '@lightstream/async/node'

const reader = await openIpcStream(stdinSource())
const writer = new IpcStreamWriter(stdoutSink())
for await (const batch of reader) await writer.write(keepActive(batch))
await writer.close()

function keepActive(batch: RecordBatch): Table {
  const table = new Table(batch.schema, [batch], { useBigInt: true })
  const active = table.getChild('active')!
  const keep: number[] = []
  for (let i = 0; i < table.numRows; i++) if (active.get(i) === true) keep.push(i)
  const columns: Record<string, unknown[]> = {}
  for (const field of batch.schema.fields) {
    const column = table.getChild(field.name)!
    columns[field.name] = keep.map((i) => column.get(i))
  }
  return tableFromArrays(columns as never, { types: Object.fromEntries(batch.schema.fields.map((f) => [f.name, f.type])) })
}
