import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageChannel, Worker } from 'node:worker_threads'
import { FrameTooLargeError, TruncatedInputError, type Table } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream, tableToIPC, createReadStats } from '@lightstream/ipc'
import { describe, expect, it } from 'vitest'
import { ConnectionClosedError, fetchSource, messagePortConnection, type Connection, type MessagePortLike } from '@lightstream/async'
import {
  connect,
  connectWebSocket,
  httpResponseSink,
  listen,
  listenWebSocket,
  postSource,
  readableFromSource,
  requestSource,
  serveHttp,
  sinkFromWritable,
  sourceFromReadable,
  workerConnection,
} from '@lightstream/async/node'
import { expectSameTable, mixedTable } from './fixtures'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../../..')

async function sendTable(sink: Connection['sink'], table: Table): Promise<void> {
  const writer = new IpcStreamWriter(sink)
  for (const batch of table.batches) await writer.write(batch)
  await writer.close()
}

describe('HTTP', () => {
  it('serves an IPC stream as a response body that fetch reads', async () => {
    const table = mixedTable(10_000)
    const server = await serveHttp(async (_req, res) => sendTable(httpResponseSink(res), table))
    const reader = await openIpcStream(await fetchSource(`${server.url}/data`))
    expectSameTable(await reader.readAll(), table)
    await server.close()
  })

  it('uploads with postSource (streaming) and reads the reply', async () => {
    const table = mixedTable(8000)
    const server = await serveHttp(async (req, res) => {
      const reader = await openIpcStream(requestSource(req, { maxBytes: 64 * 1024 * 1024 }))
      const got = await reader.readAll()
      await sendTable(httpResponseSink(res), got)
    })
    const bytes = tableToIPC(table)
    const chunks = Array.from({ length: Math.ceil(bytes.byteLength / 5000) }, (_, i) => bytes.subarray(i * 5000, (i + 1) * 5000))
    const { status, body } = await postSource(`${server.url}/echo`, chunks)
    expect(status).toBe(200)
    expectSameTable(await (await openIpcStream(body)).readAll(), table)
    await server.close()
  })

  it('requestSource enforces maxBytes with FrameTooLargeError (the server answers 400)', async () => {
    let seen: unknown
    const server = await serveHttp(async (req) => {
      try {
        for await (const chunk of requestSource(req, { maxBytes: 1000 })) void chunk
      } catch (error) {
        seen = error
        throw error
      }
    })
    const { status } = await postSource(server.url, [new Uint8Array(600), new Uint8Array(600)])
    expect(status).toBe(400)
    expect(seen).toBeInstanceOf(FrameTooLargeError)
    await server.close()
  })

  it('a response cut mid-message gives the reader a coded error', async () => {
    const bytes = tableToIPC(mixedTable(2000))
    const server = await serveHttp(async (_req, res) => {
      const sink = httpResponseSink(res)
      await sink.write(bytes.subarray(0, bytes.byteLength >> 1))
      res.destroy()
    })
    const reader = await openIpcStream(await fetchSource(server.url))
    const error = await reader.readAll().catch((e: unknown) => e)
    expect(error instanceof ConnectionClosedError || error instanceof TruncatedInputError).toBe(true)
    await server.close()
  })
})

describe('WebSocket (ws)', () => {
  for (const mode of ['message', 'stream'] as const) {
    it(`round-trips a mixed table in ${mode} mode, with half-close`, async () => {
      const listener = await listenWebSocket({ port: 0, path: '/arrow', mode, maxMessageBytes: 4096 })
      expect(listener.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/arrow$/)
      const served = (async () => {
        const c = await listener.accept()
        const table = await (await openIpcStream(c.source)).readAll() // the client's end marker ends this
        await sendTable(c.sink, table)
        await c.closed
      })()
      const table = mixedTable(6000)
      const client = await connectWebSocket(listener.url, { mode, maxMessageBytes: 4096 })
      const [, back] = await Promise.all([sendTable(client.sink, table), openIpcStream(client.source).then((r) => r.readAll())])
      expectSameTable(back, table)
      await client.closed
      await served
      await listener.close()
    })
  }

  it('connect() dispatches ws:// URLs; a dropped socket fails the reader with ConnectionClosedError', async () => {
    const listener = await listen('ws://127.0.0.1:0/x')
    const bytes = tableToIPC(mixedTable(500))
    void listener.accept().then(async (c) => {
      await c.sink.write(bytes.subarray(0, 300))
      c.destroy()
    })
    const client = await connect(listener.url)
    const error = await openIpcStream(client.source)
      .then((reader) => reader.readAll())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionClosedError)
    await client.closed
    await listener.close()
  })
})

describe('MessagePort and worker threads', () => {
  it('moves a table across a MessageChannel with transfers and credit flow control', async () => {
    const { port1, port2 } = new MessageChannel()
    // Node's MessagePort is an EventTarget at run time; its typings only declare the EventEmitter side.
    const a = messagePortConnection(port1 as unknown as MessagePortLike, { highWaterMark: 8 * 1024 })
    const b = messagePortConnection(port2 as unknown as MessagePortLike, { highWaterMark: 8 * 1024 })
    const table = mixedTable(5000)
    const stats = createReadStats()
    const [, back] = await Promise.all([sendTable(a.sink, table), openIpcStream(b.source, { stats }).then((r) => r.readAll())])
    expectSameTable(back, table)
    expect(stats.framingCopies).toBe(0) // each message arrived whole, in one transferred buffer
    expect(stats.copies).toBe(0)
    await Promise.all([a.close(), b.close()])
  })

  it('a worker thread receives the table and echoes it back', async () => {
    const worker = new Worker(join(here, 'scripts/echo-worker.mjs'), { execArgv: ['--conditions=@lightstream/source'] })
    const connection = workerConnection(worker)
    const table = mixedTable(10_000)
    const [, back] = await Promise.all([sendTable(connection.sink, table), openIpcStream(connection.source).then((r) => r.readAll())])
    expectSameTable(back, table)
    await connection.close()
    expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(0)
  })
})

describe('stdio', () => {
  it('a child process echoes a table through its stdin and stdout', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@lightstream/source', join(here, 'scripts/stdio-echo.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const table = mixedTable(20_000)
    const sink = sinkFromWritable(child.stdin)
    const [, back, code] = await Promise.all([
      sendTable(sink, table),
      openIpcStream(sourceFromReadable(child.stdout)).then((r) => r.readAll()),
      new Promise((resolve) => child.once('exit', resolve)),
    ])
    expectSameTable(back, table)
    expect(code).toBe(0)
  })

  it('readableFromSource pipes a ByteSource into a Node Writable', async () => {
    const table = mixedTable(100)
    const readable = readableFromSource([tableToIPC(table)])
    const reader = await openIpcStream(sourceFromReadable(readable))
    expectSameTable(await reader.readAll(), table)
  })
})
