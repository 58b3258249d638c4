// The worker side of worker-batches.ts: reads batches from the parent and reports what it saw.
import { parentPort } from 'node:worker_threads'
import { createReadStats, openIpcStream } from '@lightstream/ipc'
import { workerConnection } from '@lightstream/async/node'

const connection = workerConnection(parentPort)
const stats = createReadStats()
let rows = 0
let batches = 0
for await (const batch of await openIpcStream(connection.source, { stats })) {
  rows += batch.numRows
  batches++
}
const report = `worker: ${batches} batches, ${rows} rows, buffer copies ${stats.copies}, framing copies ${stats.framingCopies}`
await connection.sink.write(new TextEncoder().encode(report))
await connection.close()
