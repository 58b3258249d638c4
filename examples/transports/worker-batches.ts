// A worker thread receives record batches without copies: each IPC message crosses as one transferred
// ArrayBuffer, and the worker's reader decodes batches as views of it (it reports its copy counters).
import { Worker } from 'node:worker_threads'
import { IpcStreamWriter } from '@lightstream/ipc'
import { workerConnection } from '@lightstream/async/node'
import { exampleTable } from './shared-table'

const table = exampleTable()
const worker = new Worker(new URL('./worker-batches-worker.mjs', import.meta.url))
const connection = workerConnection(worker, { highWaterMark: 4 * 1024 * 1024 })
const writer = new IpcStreamWriter(connection.sink, table.schema)
for (const batch of table.batches) await writer.write(batch) // credits: waits when the worker is behind
await writer.close()
for await (const chunk of connection.source) console.log(new TextDecoder().decode(chunk)) // the worker's report
await connection.close()
const code = await new Promise((resolve) => worker.once('exit', resolve))
console.log(`worker exited with ${code}`)
