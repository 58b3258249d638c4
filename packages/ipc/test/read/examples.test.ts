/** The README "Reading" example and the doc comment examples, run as written. */
import { expect, it } from 'vitest'
import { Table, tableFromArrays } from '@lightstream/core'
import { IpcFileReader, createReadStats, openIpcStream, tableFromIPC, tableToIPC } from '@lightstream/ipc'

it('README: Recycling', async () => {
  const x = Float64Array.from({ length: 1000 }, (_, i) => i / 4)
  const one = tableFromArrays({ x })
  const bytes = tableToIPC(new Table(one.schema, [one.batches[0]!, one.batches[0]!, one.batches[0]!]))
  const source = (async function* () {
    yield bytes.subarray(0, 500)
    yield bytes.subarray(500)
  })()

  let total = 0
  for await (const batch of await openIpcStream(source, { recycle: true })) {
    const x = batch.getChild('x')!.values as Float64Array // valid until the loop comes round
    for (let i = 0; i < batch.numRows; i++) total += x[i]!
  }

  expect(total).toBe(3 * x.reduce((a, b) => a + b, 0))
})

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
