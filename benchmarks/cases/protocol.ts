/**
 * The Lightstream protocol over loopback TCP against what one would build without it: it-length-prefixed
 * frames on a `node:net` socket, tables encoded with apache-arrow's `tableToIPC` (one IPC stream per batch,
 * schema included each time: apache-arrow has no way to keep one IPC stream open across interleaved
 * frames) and decoded with its `tableFromIPC`. Both sides know the order of the items, so the peer needs
 * no channel tags; ours carries them (and both codecs' framing) on the wire.
 *
 * - `protocol/tcp-messages/256B`: rounds of 16 raw 256-byte messages, counted in messages per second.
 * - `protocol/tcp-mixed/48KiB`: rounds of 8 raw 256-byte messages and one 4096-row table batch
 *   (Int32 + Float64 columns, 48 KiB of values) on the same connection, counted in payload MB/s
 *   (message bytes + column value bytes).
 *
 * A pass sends every round from one end (awaiting each round's sends: backpressure applies) while the
 * other end receives every item; both ends live in the child process, connected once in setup. The check
 * digests every message payload and both column value buffers of every batch, in order.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Pass } from '../lib/define-case'
import { digestStep, randomBytes, seededRandom } from '../lib/workload'

interface Workload {
  rounds: number
  /** Messages of each round. */
  messages: Uint8Array[][]
  /** One table per round (or none): columns as typed arrays. */
  tables: { id: Int32Array; x: Float64Array }[]
}

const MESSAGE_SIZE = 256

function prepare(rounds: number, perRound: number, rows: number): { input: Workload; expect: Check } {
  const pool = randomBytes(rounds * perRound * MESSAGE_SIZE, 0x5eed + rows)
  const random = seededRandom(rows + 7)
  const messages: Uint8Array[][] = []
  const tables: Workload['tables'] = []
  let items = 0
  let bytes = 0
  let digest = 0
  for (let r = 0; r < rounds; r++) {
    const round: Uint8Array[] = []
    for (let m = 0; m < perRound; m++) {
      const at = (r * perRound + m) * MESSAGE_SIZE
      const payload = pool.subarray(at, at + MESSAGE_SIZE)
      round.push(payload)
      items++
      bytes += payload.length
      digest = digestStep(digest, payload)
    }
    messages.push(round)
    if (rows > 0) {
      const id = Int32Array.from({ length: rows }, (_, i) => r * rows + i)
      const x = Float64Array.from({ length: rows }, () => random() * 1000)
      tables.push({ id, x })
      items++
      bytes += id.byteLength + x.byteLength
      digest = digestStep(digestStep(digest, bytesOf(id, rows)), bytesOf(x, rows))
    }
  }
  return { input: { rounds, messages, tables }, expect: { items, bytes, digest } }
}

/** The first `length` elements of a typed array as bytes (a view). */
function bytesOf(values: ArrayBufferView & { BYTES_PER_ELEMENT: number }, length: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, length * values.BYTES_PER_ELEMENT)
}

/** Resources of the setups, released once the child measured (open sockets would keep it alive). */
const cleanups: (() => Promise<void> | void)[] = []

/** Fold one received table's two column buffers into the tally. */
function tallyTable(check: Check, id: Int32Array, x: Float64Array, rows: number): void {
  check.items++
  check.bytes += rows * 12
  check.digest = digestStep(digestStep(check.digest, bytesOf(id, rows)), bytesOf(x, rows))
}

function tallyMessage(check: Check, payload: Uint8Array): void {
  check.items++
  check.bytes += payload.length
  check.digest = digestStep(check.digest, payload)
}

type Impls = BenchCase<Workload>['implementations']

const implementations: Impls = {
  lightstream: {
    role: 'ours',
    async setup(input): Promise<Pass> {
      const [{ connectTcp, listenTcp }, { createProtocolConnection }, { tableFromArrays }] = await Promise.all([
        import('@lightstream/async/node'),
        import('@lightstream/protocol'),
        import('@lightstream/core'),
      ])
      const listener = await listenTcp({ host: '127.0.0.1', port: 0 })
      const [client, server] = await Promise.all([connectTcp({ host: '127.0.0.1', port: listener.port! }), listener.accept()])
      const a = createProtocolConnection(client)
      const b = createProtocolConnection(server, { receiveQueueSize: 256 })
      cleanups.push(async () => {
        a.destroy()
        b.destroy()
        await listener.close()
      })
      for (const peer of [a, b]) {
        peer.registerMessage('message')
        peer.registerTable('rows')
      }
      const batches = input.tables.map((t) => tableFromArrays({ id: t.id, x: t.x }).batches[0]!)
      const received = b[Symbol.asyncIterator]()
      const total = input.messages.reduce((n, round) => n + round.length, 0) + batches.length
      return async () => {
        const sending = (async () => {
          for (let r = 0; r < input.rounds; r++) {
            const pending: Promise<void>[] = []
            for (const payload of input.messages[r]!) pending.push(a.send('message', payload))
            const batch = batches[r]
            if (batch !== undefined) pending.push(a.sendTable('rows', batch))
            await Promise.all(pending)
          }
        })()
        const check: Check = { items: 0, bytes: 0, digest: 0 }
        for (let i = 0; i < total; i++) {
          const next = await received.next()
          if (next.done === true) throw new Error('the connection ended early')
          const item = next.value
          if (item.kind === 'message') tallyMessage(check, item.value as Uint8Array)
          else tallyTable(check, item.batch.columns[0]!.values as Int32Array, item.batch.columns[1]!.values as Float64Array, item.batch.numRows)
        }
        await sending
        return check
      }
    },
  },
  'it-length-prefixed+apache-arrow': {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const [lp, arrow] = await Promise.all([import('it-length-prefixed'), import('apache-arrow')])
      const server: Server = createServer()
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const port = (server.address() as { port: number }).port
      const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
      const client = createConnection({ host: '127.0.0.1', port, noDelay: true })
      await new Promise<void>((resolve) => client.once('connect', () => resolve()))
      const socket = await accepted
      socket.setNoDelay(true)
      cleanups.push(() => {
        client.destroy()
        socket.destroy()
        server.close()
      })
      const tables = input.tables.map((t) => arrow.tableFromArrays({ id: t.id, x: t.x }))
      const received = lp.decode(socket as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
      const write = (parts: Iterable<Uint8Array>): Promise<void> | undefined => {
        let full = false
        for (const part of parts) full = !client.write(part) || full
        return full ? new Promise<void>((resolve) => client.once('drain', () => resolve())) : undefined
      }
      return async () => {
        const sending = (async () => {
          for (let r = 0; r < input.rounds; r++) {
            const frames = [...input.messages[r]!]
            const table = tables[r]
            if (table !== undefined) frames.push(arrow.tableToIPC(table, 'stream'))
            const wait = write(lp.encode(frames))
            if (wait !== undefined) await wait
          }
        })()
        const check: Check = { items: 0, bytes: 0, digest: 0 }
        for (let r = 0; r < input.rounds; r++) {
          for (let m = 0; m < input.messages[r]!.length; m++) {
            const next = await received.next()
            if (next.done === true) throw new Error('the connection ended early')
            tallyMessage(check, next.value.subarray())
          }
          if (tables[r] !== undefined) {
            const next = await received.next()
            if (next.done === true) throw new Error('the connection ended early')
            const table = arrow.tableFromIPC(next.value.subarray())
            const id = table.getChildAt(0)!.data[0]!.values as Int32Array
            const x = table.getChildAt(1)!.data[0]!.values as Float64Array
            tallyTable(check, id, x, table.numRows)
          }
        }
        await sending
        return check
      }
    },
  },
}

export const cases = [
  defineCase<Workload>({
    name: 'protocol/tcp-messages/256B',
    description: 'raw 256-byte messages over loopback TCP, 16 per round, each round awaited; messages/s',
    unit: 'ops',
    peer: 'it-length-prefixed+apache-arrow',
    prepare: ({ quick }) => prepare(quick ? 10 : 400, 16, 0),
    implementations,
  }),
  defineCase<Workload>({
    name: 'protocol/tcp-mixed/48KiB',
    description: 'rounds of 8 raw 256-byte messages + one 4096-row Int32/Float64 batch over loopback TCP; payload MB/s',
    unit: 'bytes',
    peer: 'it-length-prefixed+apache-arrow',
    prepare: ({ quick }) => prepare(quick ? 5 : 100, 8, 4096),
    implementations,
  }),
]

await runIfMain(import.meta.url, cases)
await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
