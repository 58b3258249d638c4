// A TCP client that aggregates a long stream and keeps nothing: it opens the reader with `recycle: true`, so
// each batch is valid until the next one is read, and the connection reads later messages into the slabs of
// earlier ones instead of allocating a new one per message. The server sends the example table 40 times.
import { getBit } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { connectTcp, listenTcp } from '@lightstream/async/node'
import { exampleTable } from './shared-table'

const table = exampleTable()
const rounds = 40
const listener = await listenTcp({ port: 0 })
const served = (async () => {
  const connection = await listener.accept()
  const writer = new IpcStreamWriter(connection.sink, table.schema)
  for (let k = 0; k < rounds; k++) for (const batch of table.batches) await writer.write(batch)
  await writer.close()
  await connection.closed
})()

// What the client should find: the sum of `price` over active rows, per copy of the table.
const price = table.getChild('price')!.toArray() as Float64Array
const active = table.getChild('active')!
let expected = 0
for (let i = 0; i < table.numRows; i++) if (active.get(i) === true) expected += price[i]!

const client = await connectTcp({ port: listener.port!, readBufferSize: 256 * 1024, maxReadBufferSize: 1024 * 1024 })
const reader = await openIpcStream(client.source, { recycle: true })
const buffers = new Set<ArrayBufferLike>()
let rows = 0
let sum = 0
for await (const batch of reader) {
  const prices = batch.getChild('price')!.values as Float64Array // a view of the slab: valid until the next read
  const flags = batch.getChild('active')!
  const bits = flags.values as Uint8Array
  for (let i = 0; i < batch.numRows; i++) if (getBit(bits, flags.offset + i)) sum += prices[i]!
  rows += batch.numRows
  buffers.add(prices.buffer)
}
await client.close()
await served
await listener.close()
console.log(`received ${rows} rows in ${rounds * table.batches.length} batches`)
console.log(`read into ${buffers.size} distinct slabs`)
const close = Math.abs(sum - rounds * expected) < 1e-6 * Math.abs(sum)
console.log(close ? 'aggregate: matches' : `aggregate: MISMATCH ${sum} vs ${rounds * expected}`)
