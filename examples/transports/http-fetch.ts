// An HTTP server streams a table as the response body (application/vnd.apache.arrow.stream);
// the client reads it with fetch, batch by batch as it arrives.
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { fetchSource } from '@lightstream/async'
import { httpResponseSink, serveHttp } from '@lightstream/async/node'
import { digest, exampleTable } from './shared-table'

const table = exampleTable()
const server = await serveHttp(async (_req, res) => {
  const writer = new IpcStreamWriter(httpResponseSink(res), table.schema)
  for (const batch of table.batches) await writer.write(batch)
  await writer.close()
})
console.log(`serving on ${server.url}`)

const reader = await openIpcStream(await fetchSource(`${server.url}/prices.arrows`))
let rows = 0
for await (const batch of reader) rows += batch.numRows
console.log(`fetched ${rows} rows in batches`)
const again = await (await openIpcStream(await fetchSource(server.url))).readAll()
await server.close()
console.log(digest(table) === digest(again) ? 'http: identical' : 'http: MISMATCH')
