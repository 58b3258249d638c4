/**
 * The browser page of `browser.test.ts`: the root entry of @lightstream/async moving the same table over
 * every transport a browser has, each result reduced to a digest of the values that arrived.
 */
import { Table, type RecordBatch } from '@lightstream/core'
import { concatParts } from '@lightstream/framing'
import { IpcStreamWriter, openIpcStream, tableFromIPC } from '@lightstream/ipc'
import { fetchSource, ipcDecodeStream, ipcEncodeStream, ipcResponse, messagePortConnection, webSocketConnection, type Connection } from '@lightstream/async'
import { runPage } from '../../../../tooling/browser-page'
import { tableDigest } from '../../../../tooling/table-digest'
import { makeTable } from './table'

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return out
    out.push(value)
  }
}

/** Sends `table` as an IPC stream over `connection` and reads the peer's IPC stream back (concurrently, so neither side's backpressure can stall the other). */
async function roundTrip(connection: Connection, table: Table): Promise<{ digest: string; batches: number; copies: number; framingCopies: number }> {
  const reply = openIpcStream(connection.source).then(async (reader) => {
    const batches: RecordBatch[] = []
    for await (const batch of reader) batches.push(batch)
    return { batches, copies: reader.stats.copies, framingCopies: reader.stats.framingCopies }
  })
  const writer = new IpcStreamWriter(connection.sink)
  for (const batch of table.batches) await writer.write(batch)
  await writer.close()
  const { batches, copies, framingCopies } = await reply
  await connection.close()
  return { digest: tableDigest(new Table(table.schema, batches)), batches: batches.length, copies, framingCopies }
}

runPage(async () => {
  const table = makeTable()
  const out: Record<string, unknown> = { sent: tableDigest(table) }

  // HTTP download, pulled chunk by chunk through fetchSource.
  const chunks: number[] = []
  const source = await fetchSource('/table.arrows')
  const counted = (async function* () {
    for await (const chunk of source) {
      chunks.push(chunk.length)
      yield chunk
    }
  })()
  out.fetchSource = { digest: tableDigest(await (await openIpcStream(counted)).readAll()), chunks: chunks.length }

  // The same body through the WHATWG TransformStream decoder.
  const decoder = ipcDecodeStream()
  const batches = await collect((await fetch('/table.arrows')).body!.pipeThrough(decoder))
  out.ipcDecodeStream = { digest: tableDigest(new Table(await decoder.readable.schema, batches)), batches: batches.length }

  // Batches through the TransformStream encoder, read back.
  const encoded = new ReadableStream<RecordBatch>({
    start(controller) {
      for (const batch of table.batches) controller.enqueue(batch)
      controller.close()
    },
  }).pipeThrough(ipcEncodeStream())
  out.ipcEncodeStream = tableDigest(tableFromIPC(concatParts(await collect(encoded))))

  // A Response body made by ipcResponse, uploaded and decoded by the server.
  const response = ipcResponse(table)
  const upload = await fetch('/upload', { method: 'POST', headers: { 'content-type': response.headers.get('content-type')! }, body: await response.arrayBuffer() })
  out.ipcResponse = { contentType: response.headers.get('content-type'), server: await upload.json() }

  // The browser's own WebSocket, both modes; the server echoes the stream.
  for (const mode of ['message', 'stream'] as const) {
    const ws = new WebSocket(`ws://${location.host}/ws?mode=${mode}`) // webSocketConnection waits for it to open
    out[`webSocket-${mode}`] = await roundTrip(await webSocketConnection(ws, { mode, maxMessageBytes: 256 * 1024 }), table)
  }

  // A module worker on the other end of a MessagePort-like connection; it echoes the stream.
  for (const transfer of [true, 'chunks'] as const) {
    const worker = new Worker('/worker.js', { type: 'module' })
    try {
      out[`worker-${String(transfer)}`] = await roundTrip(messagePortConnection(worker, { transfer }), table)
    } finally {
      worker.terminate()
    }
  }
  return out
})
