// Runs in a worker thread: reads an IPC stream from the parent and sends the table back.
// tsx is registered here because a worker does not inherit the parent's --import hooks on Node 20.
import { register } from 'tsx/esm/api'
import { parentPort } from 'node:worker_threads'

register()
const { IpcStreamWriter, openIpcStream } = await import('@lightstream/ipc')
const { workerConnection } = await import('@lightstream/async/node')

const connection = workerConnection(parentPort)
const table = await (await openIpcStream(connection.source)).readAll()
const writer = new IpcStreamWriter(connection.sink)
await writer.write(table)
await writer.close()
await connection.closed
