import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { AbortError, Table, TruncatedInputError, type Data } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream, tableToIPC } from '@lightstream/ipc'
import { afterAll, describe, expect, it } from 'vitest'
import { ConnectError, ConnectionClosedError, TimeoutError, type Connection } from '@lightstream/async'
import { connect, connectionFromSocket, connectTcp, connectUnix, listen, listenTcp, listenUnix, type Listener } from '@lightstream/async/node'
import { collect, expectSameTable, mixedTable } from './fixtures'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-async-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** Send `table` batch by batch on `connection` and close our side. */
async function sendTable(connection: Connection, table: Table): Promise<void> {
  const writer = new IpcStreamWriter(connection.sink)
  for (const batch of table.batches) await writer.write(batch)
  await writer.close()
}

/** A server that reads a table from each connection and sends it back, then closes. */
function echoServer(listener: Listener): Promise<void> {
  return (async () => {
    const connection = await listener.accept()
    const reader = await openIpcStream(connection.source)
    const table = await reader.readAll()
    await sendTable(connection, table)
    await connection.closed
  })()
}

async function roundTrip(listener: Listener, open: () => Promise<Connection>): Promise<void> {
  const table = mixedTable(20_000)
  const served = echoServer(listener)
  const client = await open()
  const [, back] = await Promise.all([sendTable(client, table), openIpcStream(client.source).then((r) => r.readAll())])
  expectSameTable(back, table)
  await client.close()
  await served
  await listener.close()
}

describe('TCP', () => {
  it('round-trips a mixed table over loopback (client and accepted sockets read into slabs)', async () => {
    const listener = await listenTcp({ port: 0, readBufferSize: 64 * 1024 })
    expect(listener.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    await roundTrip(listener, () => connectTcp({ port: listener.port!, readBufferSize: 64 * 1024 }))
  })

  it('works without slab reads and through connect/listen URLs', async () => {
    const listener = await listen('tcp://127.0.0.1:0', { slabReads: false })
    await roundTrip(listener, () => connect(listener.url))
  })

  it('received chunks are views of 64-byte aligned slabs at addresses congruent to their stream offset', async () => {
    const listener = await listenTcp({ port: 0 })
    const payload = new Uint8Array(3 * 1024 * 1024).map((_, i) => i & 255)
    void listener.accept().then(async (c) => {
      for (let i = 0; i < payload.length; i += 100_001) await c.sink.write(payload.subarray(i, i + 100_001))
      await c.close()
    })
    const client = await connectTcp({ port: listener.port!, readBufferSize: 256 * 1024 })
    let offset = 0
    for await (const chunk of client.source) {
      expect(chunk.byteOffset % 64).toBe(offset % 64)
      expect(chunk[0]).toBe(offset & 255)
      offset += chunk.byteLength
    }
    expect(offset).toBe(payload.length)
    await client.close()
    await listener.close()
  })

  it('read slabs double as they fill, up to maxReadBufferSize', async () => {
    const listener = await listenTcp({ port: 0 })
    const payload = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 7) & 255)
    void listener.accept().then(async (c) => {
      await c.sink.write(payload)
      await c.close()
    })
    const client = await connectTcp({ port: listener.port!, readBufferSize: 64 * 1024, maxReadBufferSize: 1024 * 1024 })
    const slabSizes: number[] = []
    let offset = 0
    for await (const chunk of client.source) {
      if (slabSizes.length === 0 || chunk.buffer.byteLength !== slabSizes[slabSizes.length - 1]) slabSizes.push(chunk.buffer.byteLength)
      expect(chunk[0]).toBe((offset * 7) & 255)
      offset += chunk.byteLength
    }
    expect(offset).toBe(payload.length)
    // 64 KiB, 128 KiB, ... 1 MiB (each allocation has up to 127 bytes of alignment slack), then 1 MiB slabs.
    expect(slabSizes[0]).toBeLessThan(64 * 1024 + 128)
    expect(Math.max(...slabSizes)).toBeGreaterThanOrEqual(1024 * 1024)
    expect(Math.max(...slabSizes)).toBeLessThan(1024 * 1024 + 128)
    for (let i = 1; i < slabSizes.length; i++) expect(slabSizes[i]! + 128).toBeGreaterThanOrEqual(slabSizes[i - 1]!)
    await client.close()
    await listener.close()
  })

  it('the IPC reader gets every message whole from the slabs: messages larger than the slabs, no framing copy', async () => {
    const table = mixedTable(80_000) // ~3.2 MB per message, against 64 KiB slabs growing to 1 MiB
    const listener = await listenTcp({ port: 0 })
    void listener.accept().then(async (c) => {
      const writer = new IpcStreamWriter(c.sink, table.schema)
      for (let k = 0; k < 6; k++) await writer.write(table)
      await writer.close()
      await c.close()
    })
    const client = await connectTcp({ port: listener.port!, readBufferSize: 64 * 1024, maxReadBufferSize: 1024 * 1024 })
    const stream = await openIpcStream(client.source)
    const back = await stream.readAll()
    expect(back.numRows).toBe(6 * table.numRows)
    expectSameTable(new Table(back.schema, back.batches.slice(0, table.batches.length)), table)
    expect(stream.stats.framingCopies).toBe(0) // each message arrived in one slab, kept whole by the reader
    expect(stream.stats.copies).toBe(0) // and aligned: every buffer is a view
    await client.close()
    await listener.close()
  })

  it('recycle: true reads every message into a few reused slabs, and never overwrites the batch in hand', async () => {
    // ~0.8 MB messages, each different (seeds 5k + 1 keep one dictionary order: alpha, beta, gamma, delta, epsilon)
    const tables = Array.from({ length: 30 }, (_, k) => mixedTable(20_000, 5 * k + 1))
    const receive = async (recycle: boolean): Promise<{ buffers: number; dictionaryCopies: number }> => {
      const listener = await listenTcp({ port: 0 })
      void listener.accept().then(async (c) => {
        const writer = new IpcStreamWriter(c.sink, tables[0]!.schema)
        for (const t of tables) await writer.write(t)
        await writer.close()
        await c.close()
      })
      const client = await connectTcp({ port: listener.port!, readBufferSize: 64 * 1024, maxReadBufferSize: 512 * 1024, highWaterMark: 4 * 1024 * 1024 })
      const reader = await openIpcStream(client.source, { recycle })
      const buffers = new Set<ArrayBufferLike>()
      let k = 0
      let firstDictionary: Data | undefined
      for await (const batch of reader) {
        // Let more socket reads land while this batch is held: none may land on it.
        await new Promise((resolve) => setTimeout(resolve, 2))
        expectSameTable(new Table(batch.schema, [batch]), tables[k]!)
        buffers.add((batch.getChild('id')!.values as Int32Array).buffer)
        firstDictionary ??= batch.getChild('kind')!.dictionary!
        k++
      }
      expect(k).toBe(tables.length)
      // The first dictionary, read after the whole stream (copied out of the input when recycling), is intact.
      const offsets = firstDictionary!.offsets as Int32Array
      const text = new TextDecoder().decode((firstDictionary!.values as Uint8Array).subarray(offsets[0], offsets[firstDictionary!.length]))
      expect(text).toBe('alphabetagammadeltaepsilon')
      expect(reader.stats.framingCopies).toBe(0)
      await client.close()
      await listener.close()
      return { buffers: buffers.size, dictionaryCopies: reader.stats.dictionaryCopies }
    }
    const plain = await receive(false)
    const recycled = await receive(true)
    expect(plain.buffers).toBe(30) // a fresh slab per message
    expect(plain.dictionaryCopies).toBe(0)
    expect(recycled.buffers).toBeLessThanOrEqual(10) // the messages in flight (up to highWaterMark) and one in hand
    expect(recycled.dictionaryCopies).toBeGreaterThan(0)
  })

  it('info names the endpoints', async () => {
    const listener = await listenTcp()
    const accepted = listener.accept()
    const client = await connectTcp({ port: listener.port! })
    const server = await accepted
    expect(client.info).toEqual({ transport: 'tcp', local: server.info.remote, remote: `127.0.0.1:${listener.port}` })
    client.destroy()
    await listener.close()
    await Promise.all([client.closed, server.closed])
  })

  it('refused connections reject with ConnectError', async () => {
    const listener = await listenTcp()
    const port = listener.port!
    await listener.close()
    const error = await connectTcp({ port }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectError)
    expect((error as ConnectError).code).toBe('ERR_CONNECT')
  })

  it('a peer closing mid-message gives the IPC reader TruncatedInputError', async () => {
    const listener = await listenTcp()
    const bytes = tableToIPC(mixedTable(1000))
    void listener.accept().then(async (c) => {
      await c.sink.write(bytes.subarray(0, bytes.byteLength - 500))
      await c.close()
    })
    const client = await connectTcp({ port: listener.port! })
    const reader = await openIpcStream(client.source)
    await expect(reader.readAll()).rejects.toBeInstanceOf(TruncatedInputError)
    await client.close()
    await listener.close()
  })

  it('a peer reset mid-stream gives ConnectionClosedError', async () => {
    const listener = await listenTcp()
    const bytes = tableToIPC(mixedTable(1000))
    void listener.accept().then(async (c) => {
      await c.sink.write(bytes.subarray(0, 1000))
      c.destroy()
    })
    const client = await connectTcp({ port: listener.port! })
    const reader = await openIpcStream(client.source)
    const error = await reader.readAll().catch((e: unknown) => e)
    // A FIN or a RST depending on timing: both end the stream with a coded error.
    expect([ConnectionClosedError, TruncatedInputError].some((c) => error instanceof c)).toBe(true)
    await client.close()
    await listener.close()
  })

  it('a signal aborts a pending read and a pending write, and the peer sees the connection end', async () => {
    const listener = await listenTcp({ highWaterMark: 64 * 1024 })
    const accepted = listener.accept()
    const controller = new AbortController()
    const client = await connectTcp({ port: listener.port!, signal: controller.signal })
    const server = await accepted
    const read = client.source[Symbol.asyncIterator]().next()
    // fill the socket buffers: the server reads nothing, so writes eventually wait
    const big = new Uint8Array(4 * 1024 * 1024)
    let write: Promise<void> | void
    for (let i = 0; i < 64; i++) {
      write = client.sink.write(big)
      const settled = await Promise.race([Promise.resolve(write).then(() => 'done'), new Promise((r) => setTimeout(() => r('pending'), 200))])
      if (settled === 'pending') break
    }
    controller.abort('stop')
    await expect(read).rejects.toBeInstanceOf(AbortError)
    await expect(write!).rejects.toBeInstanceOf(AbortError)
    await client.closed
    const drained = await collect(server.source).then(
      () => 'ended',
      (e: unknown) => e,
    )
    expect(drained === 'ended' || drained instanceof ConnectionClosedError).toBe(true)
    await listener.close()
  })

  it('an idle timeout destroys the connection with TimeoutError', async () => {
    const listener = await listenTcp()
    const accepted = listener.accept()
    const client = await connectTcp({ port: listener.port!, timeout: 50 })
    await expect(collect(client.source)).rejects.toBeInstanceOf(TimeoutError)
    await client.closed
    await accepted
    await listener.close()
  })

  it('connectionFromSocket wraps a socket made elsewhere', async () => {
    const listener = await listenTcp()
    const served = echoServer(listener)
    const socket = net.connect({ port: listener.port!, host: '127.0.0.1', allowHalfOpen: true })
    await new Promise((r) => socket.once('connect', r))
    const client = connectionFromSocket(socket)
    const table = mixedTable(500)
    const [, back] = await Promise.all([sendTable(client, table), openIpcStream(client.source).then((r) => r.readAll())])
    expectSameTable(back, table)
    await client.close()
    await served
    await listener.close()
  })

  it('listener.close() destroys open connections and ends iteration', async () => {
    const listener = await listenTcp()
    const client = await connectTcp({ port: listener.port! })
    const seen: Connection[] = []
    const loop = (async () => {
      for await (const c of listener) seen.push(c)
    })()
    await new Promise((r) => setTimeout(r, 20))
    await listener.close()
    await loop
    expect(seen.length).toBe(1)
    const end = await collect(client.source).then(
      (bytes) => bytes.byteLength,
      (e: unknown) => e,
    )
    expect(end === 0 || end instanceof ConnectionClosedError).toBe(true)
    await client.close()
  })
})

describe('Unix domain sockets', () => {
  it('round-trips a mixed table', async () => {
    const file = path.join(tmp, 'a.sock')
    const listener = await listenUnix(file)
    expect(listener.url).toBe(`unix://${file}`)
    await roundTrip(listener, () => connectUnix(file))
    expect(fs.existsSync(file)).toBe(false)
  })

  it('works through unix: URLs and refuses a missing path with ConnectError', async () => {
    const file = path.join(tmp, 'b.sock')
    const listener = await listen(`unix://${file}`)
    await roundTrip(listener, () => connect(`unix://${file}`))
    await expect(connectUnix(path.join(tmp, 'missing.sock'))).rejects.toBeInstanceOf(ConnectError)
  })
})
