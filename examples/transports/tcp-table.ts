// A TCP server streams a table to a client over 127.0.0.1, batch by batch, with backpressure.
// The client reads into 64-byte aligned slabs, so the batches it decodes are views: zero copies.
import { createReadStats, IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { connectTcp, listenTcp } from '@lightstream/async/node'
import { digest, exampleTable } from './shared-table'

const table = exampleTable()
const listener = await listenTcp({ port: 0 })
console.log(`server listening on ${listener.url}`)
const served = (async () => {
  const connection = await listener.accept()
  const writer = new IpcStreamWriter(connection.sink, table.schema)
  for (const batch of table.batches) await writer.write(batch) // waits when the client is slow
  await writer.close()
  await connection.closed
})()

const client = await connectTcp({ port: listener.port! })
const stats = createReadStats()
const received = await (await openIpcStream(client.source, { stats })).readAll()
console.log(`sent     ${digest(table)}`)
console.log(`received ${digest(received)}`)
console.log(`buffer copies while decoding: ${stats.copies}`)
await client.close()
await served
await listener.close()
console.log(digest(table) === digest(received) ? 'tcp: identical' : 'tcp: MISMATCH')
