/**
 * Arrow IPC streamed over a loopback socket, end to end: encode → socket → decode, against apache-arrow and
 * against a raw socket copy of the same bytes (the physical limit of the socket in this process).
 *
 * - `tcp/stream/1GiB` and `uds/stream/1GiB`: one pass streams the 1M-row mixed table (int32, float64, int64
 *   with nulls, utf8 with nulls, dictionary<int32, utf8>, bool; 64k-row batches, ~35 MB of IPC) enough
 *   times for at least 1 GiB of IPC, over a fresh connection, and reads every batch on the other end.
 *   Both ends run in the one process (the same for every implementation).
 *   - `lightstream`: `IpcStreamWriter` over `connectTcp(...).sink` (vectored, corked writes, each batch's
 *     own buffers) → the accepted connection's `source` (reads into 64-byte aligned slabs) →
 *     `openIpcStream` (batches are views of the slabs).
 *   - `apache-arrow` (named peer): `RecordBatchStreamWriter` → `.toNodeStream()` piped into a `net.Socket`
 *     → `RecordBatchReader.from(socket)` on the accepted socket, as its documentation shows.
 *   - `raw-socket`: our encoder's IPC bytes for the table written with `socket.write` (waiting for 'drain')
 *     and counted on the other end without decoding: the socket's own cost.
 * - `tcp/stream-recycle/1GiB` and `uds/stream-recycle/1GiB`: the same, with our reader opened with
 *   `recycle: true` (each batch valid until the next is read, which is all a pass needs): the connection reads
 *   into a few reused slabs instead of a new one per message, so the stream makes no garbage. The peers run
 *   as above.
 * - Checks: rows and payload bytes received and a digest of every batch's row count; the raw copy, which
 *   decodes nothing, checks the exact byte count and reports the expected check.
 *
 * The memory run (2 GiB through TCP to a consumer limited to 100 MiB/s, sender and receiver in separate
 * processes, memory printed) is not a timing case: `node --import tsx cases/tcp.ts --memory [MiB] [MiB/s]`.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import * as net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Implementation, type Pass } from '../lib/define-case'
import { mixedTable, payloadBytes } from '../lib/arrow-columns'
import { foldDigest } from '../lib/table-digest'
import { writeArrowInput } from '../lib/write-arrow-input'

const asyncNode = (): Promise<typeof import('@lightstream/async/node')> => import('@lightstream/async/node')

const GiB = 1024 * 1024 * 1024

interface TcpInput {
  /** The table as apache-arrow wrote it; each side reads it with its own reader in setup. */
  bytes: Uint8Array
  /** Times the table is sent per pass. */
  repeats: number
  rowsPerBatch: number[]
  /** Payload bytes and rows of one table. */
  payload: number
  rows: number
  expect: Check
}

type Transport = 'tcp' | 'uds'

/** A fresh pair of connected sockets per pass: a listening server set up once, a new client each time. */
interface Endpoint {
  connectOptions: net.NetConnectOpts
  close(): void
}

async function listenRaw(transport: Transport): Promise<{ server: net.Server; endpoint: Endpoint }> {
  const server = net.createServer()
  if (transport === 'tcp') {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as net.AddressInfo).port
    return { server, endpoint: { connectOptions: { port, host: '127.0.0.1' }, close: () => server.close() } }
  }
  const dir = mkdtempSync(join(tmpdir(), 'ls-bench-'))
  const path = join(dir, 's.sock')
  server.listen(path)
  await once(server, 'listening')
  return { server, endpoint: { connectOptions: { path }, close: () => (server.close(), rmSync(dir, { recursive: true, force: true })) } }
}

/** A fresh connected pair over `transport` for one pass: the client socket, the accepted one, and `close()`. */
async function connectRaw(transport: Transport): Promise<{ client: net.Socket; socket: net.Socket; close(): void }> {
  const { server, endpoint } = await listenRaw(transport)
  const accepted = once(server, 'connection') as Promise<[net.Socket]>
  const client = net.connect(endpoint.connectOptions)
  await once(client, 'connect')
  const [socket] = await accepted
  return {
    client,
    socket,
    close: () => {
      socket.destroy()
      client.destroy()
      endpoint.close()
    },
  }
}

/** Fold one received batch into a check (`bytes` is settled by {@link settle} at the end). */
function tally(check: Check, rows: number, _payloadPerRow?: number): void {
  check.items += rows
  check.digest = foldDigest(check.digest, rows)
}

/** Payload bytes for the rows received: whole tables' payload, computed the same way on every side. */
function settle(check: Check, input: { payload: number; rows: number }): Check {
  check.bytes = Math.round((check.items / input.rows) * input.payload)
  return check
}

async function prepare(quick: boolean): Promise<{ input: TcpInput; expect: Check }> {
  const rows = quick ? 20_000 : 1_000_000
  const raw = mixedTable(rows, quick ? 5_000 : 65_536, 5)
  const bytes = await writeArrowInput(raw)
  const repeats = quick ? 2 : Math.ceil(GiB / bytes.byteLength)
  const rowsPerBatch: number[] = []
  for (let at = 0; at < rows; at += raw.batchRows) rowsPerBatch.push(Math.min(raw.batchRows, rows - at))
  const payload = payloadBytes(raw)
  const expect: Check = { items: 0, bytes: 0, digest: 0 }
  for (let k = 0; k < repeats; k++) for (const n of rowsPerBatch) tally(expect, n)
  settle(expect, { payload, rows })
  return { input: { bytes, repeats, rowsPerBatch, payload, rows, expect }, expect }
}

function lightstream(transport: Transport, recycle: boolean): Implementation<TcpInput> {
  return {
    role: 'ours',
    async setup(input): Promise<Pass> {
      const { tableFromIPC, IpcStreamWriter, openIpcStream } = await import('@lightstream/ipc')
      const node = await asyncNode()
      const table = tableFromIPC(input.bytes)
      const dir = mkdtempSync(join(tmpdir(), 'ls-bench-'))
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
      return async () => {
        const listener = transport === 'tcp' ? await node.listenTcp({ port: 0 }) : await node.listenUnix(join(dir, 's.sock'))
        const accepted = listener.accept()
        const client = transport === 'tcp' ? await node.connectTcp({ port: listener.port! }) : await node.connectUnix(listener.path!)
        const server = await accepted
        const send = (async () => {
          const writer = new IpcStreamWriter(client.sink, table.schema)
          for (let k = 0; k < input.repeats; k++) await writer.write(table)
          await writer.close()
        })()
        const check: Check = { items: 0, bytes: 0, digest: 0 }
        const reader = await openIpcStream(server.source, { recycle })
        for await (const batch of reader) tally(check, batch.numRows)
        await send
        await Promise.all([server.close(), client.close()])
        await listener.close()
        return settle(check, input)
      }
    },
  }
}

function apacheArrow(transport: Transport): Implementation<TcpInput> {
  return {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const { tableFromIPC, RecordBatchStreamWriter, RecordBatchReader } = await import('apache-arrow')
      const table = tableFromIPC(input.bytes)
      return async () => {
        const { client, socket, close } = await connectRaw(transport)
        const writer = new RecordBatchStreamWriter()
        writer.toNodeStream().pipe(client)
        for (let k = 0; k < input.repeats; k++) for (const batch of table.batches) writer.write(batch)
        writer.close()
        const check: Check = { items: 0, bytes: 0, digest: 0 }
        const reader = await RecordBatchReader.from(socket)
        for await (const batch of reader) tally(check, batch.numRows)
        close()
        return settle(check, input)
      }
    },
  }
}

function rawSocket(transport: Transport): Implementation<TcpInput> {
  return {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const { tableFromIPC, tableToIPC } = await import('@lightstream/ipc')
      const bytes = tableToIPC(tableFromIPC(input.bytes)) // what our writer sends for one table
      const total = bytes.byteLength * input.repeats
      return async () => {
        const { client, socket, close } = await connectRaw(transport)
        const send = (async () => {
          for (let k = 0; k < input.repeats; k++) if (!client.write(bytes)) await once(client, 'drain')
          client.end()
        })()
        let received = 0
        socket.on('data', (chunk: Buffer) => (received += chunk.byteLength))
        await once(socket, 'end')
        await send
        close()
        if (received !== total) throw new Error(`raw socket received ${received} bytes, expected ${total}`)
        return input.expect
      }
    },
  }
}

export const cases: BenchCase<TcpInput>[] = (['tcp', 'uds'] as const).flatMap((transport) =>
  [false, true].map((recycle) =>
    defineCase<TcpInput>({
      name: `${transport}/${recycle ? 'stream-recycle' : 'stream'}/1GiB`,
      description:
        `≥1 GiB of Arrow IPC (the 1M-row mixed table, repeated) through a loopback ${transport === 'tcp' ? 'TCP' : 'Unix domain'} socket, ` +
        `encoded and decoded${recycle ? '; our reader recycles each batch\'s memory (recycle: true)' : ''}`,
      unit: 'bytes',
      peer: 'apache-arrow',
      prepare: ({ quick }) => prepare(quick),
      implementations: { lightstream: lightstream(transport, recycle), 'apache-arrow': apacheArrow(transport), 'raw-socket': rawSocket(transport) },
    }),
  ),
)

/** The memory run: sender and receiver in separate processes, the receiver limited to `rate` MiB/s. */
async function memoryRun(mib: number, rate: number): Promise<void> {
  // The same peer script as @lightstream/async's memory test, run here against the built package.
  const peer = join(dirname(fileURLToPath(import.meta.url)), '../../packages/async/test/scripts/memory-peer.ts')
  const run = (args: string[], onFirst?: (line: { port: number }) => void): Promise<Record<string, any>> => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', peer, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    return new Promise((resolve, reject) => {
      let last: Record<string, any> | undefined
      createInterface({ input: child.stdout }).on('line', (line) => {
        const parsed = JSON.parse(line)
        if (parsed.port !== undefined) onFirst?.(parsed)
        else last = parsed
      })
      child.once('exit', (code) => (code === 0 && last ? resolve(last) : reject(new Error(`${args[0]} exited with ${code}`))))
    })
  }
  let port!: (p: number) => void
  const ready = new Promise<number>((resolve) => (port = resolve))
  const receiver = run(['receive', String(rate)], (line) => port(line.port))
  const sender = run(['send', String(await ready), String(mib)])
  const MiB = 1024 * 1024
  const f = (n: number): string => `${(n / MiB).toFixed(1)} MiB`
  for (const side of await Promise.all([sender, receiver])) {
    console.log(
      `${side.role.padEnd(8)} ${f(side.bytes)} in ${side.seconds.toFixed(1)} s (${f(side.bytes / side.seconds)}/s)  ` +
        `rss ${f(side.baseline.rss)} → peak ${f(side.peak.rss)} (growth ${f(side.peak.rss - side.baseline.rss)})  ` +
        `arrayBuffers growth ${f(side.peak.arrayBuffers - side.baseline.arrayBuffers)}`,
    )
  }
}

if (process.argv.includes('--memory')) {
  const at = process.argv.indexOf('--memory')
  await memoryRun(Number(process.argv[at + 1] ?? 2048), Number(process.argv[at + 2] ?? 100))
} else {
  await runIfMain(import.meta.url, cases)
}
