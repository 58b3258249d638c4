/** The README "Reading" example and the doc comment examples, run as written. */
import { expect, it } from 'vitest'
import { tableFromArrays } from '@lightstream/core'
import { IpcFileReader, createReadStats, openIpcStream, tableFromIPC, tableToIPC } from '@lightstream/ipc'

it('README: Reading', () => {
  const source = tableFromArrays({ id: new Int32Array([1, 2, 3]), name: ['a', null, 'c'] })
  const bytes = tableToIPC(source)
  const chunks = [bytes.subarray(0, 100), bytes.subarray(100)]
  const fileBytes = tableToIPC(source, { format: 'file' })
  const log: unknown[] = []

  const stats = createReadStats()
  const table = tableFromIPC(bytes, { useBigInt: true, stats }) // stream or file, detected by the magic
  log.push(table.numRows, stats.copies)

  const reader = openIpcStream(chunks)
  log.push(reader.schema.fields.map((f) => f.name))
  for (const batch of reader) log.push(batch.numRows)

  const file = IpcFileReader.openSync(fileBytes)
  const last = file.batchSync(file.numBatches - 1)

  expect(log).toEqual([3, 0, ['id', 'name'], 3])
  expect(last.getChild('name')!.get(2)).toBe('c')
})
