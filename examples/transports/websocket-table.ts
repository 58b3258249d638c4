// The same table over a WebSocket (the `ws` package on the server; `connectWebSocket` uses `ws` in Node and
// the global WebSocket in browsers). 'message' mode: one IPC message per WebSocket message.
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { connectWebSocket, listenWebSocket } from '@lightstream/async/node'
import { digest, exampleTable } from './shared-table'

const table = exampleTable()
const listener = await listenWebSocket({ port: 0, path: '/arrow', mode: 'message' })
console.log(`server listening on ${listener.url}`)
const served = (async () => {
  const connection = await listener.accept()
  const writer = new IpcStreamWriter(connection.sink, table.schema)
  for (const batch of table.batches) await writer.write(batch)
  await writer.close() // an empty message: "end of my stream"
  await connection.closed
})()

const client = await connectWebSocket(listener.url)
const received = await (await openIpcStream(client.source)).readAll()
await client.close()
await served
await listener.close()
console.log(`received ${digest(received)}`)
console.log(digest(table) === digest(received) ? 'websocket: identical' : 'websocket: MISMATCH')
