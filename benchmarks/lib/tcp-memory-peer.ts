// One side of the TCP memory test, in its own process so each side's memory is measured alone.
//   receive <MiB/s>          listen on 127.0.0.1:0, print {"port"}, read the IPC stream at most that fast
//   send <port> <MiB total>  connect and write 1 MiB record batches as fast as the socket takes them
// Each prints one JSON line of results: bytes, seconds, and memory (rss, arrayBuffers) at the start, the
// peak (sampled every 10 ms) and the end. Run with --expose-gc so the baseline is taken after a full GC.
import { tableFromArrays } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
const ASYNC = process.env.LIGHTSTREAM_ASYNC ?? '@lightstream/async'
const { connectTcp, listenTcp } = (await import(ASYNC === '@lightstream/async' ? '@lightstream/async/node' : `${ASYNC}/node.js`)) as typeof import('@lightstream/async/node')

const MiB = 1024 * 1024
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

interface Sample { rss: number; arrayBuffers: number }
function sample(): Sample {
  const m = process.memoryUsage()
  return { rss: m.rss, arrayBuffers: m.arrayBuffers }
}
function watch(): { baseline: Sample; peak: () => Sample; stop(): void } {
  gc()
  const baseline = sample()
  const peak = { ...baseline }
  const timer = setInterval(() => {
    const s = sample()
    peak.rss = Math.max(peak.rss, s.rss)
    peak.arrayBuffers = Math.max(peak.arrayBuffers, s.arrayBuffers)
  }, 10)
  return { baseline, peak: () => peak, stop: () => clearInterval(timer) }
}

const role = process.argv[2]
if (role === 'receive') {
  const rate = Number(process.argv[3]) * MiB
  const listener = await listenTcp({ port: 0 })
  console.log(JSON.stringify({ port: listener.port }))
  const connection = await listener.accept()
  const memory = watch()
  const start = performance.now()
  const reader = await openIpcStream(connection.source)
  let bytes = 0
  let batches = 0
  let checksum = 0
  for await (const batch of reader) {
    const ids = batch.getChildAt(0).values as Int32Array
    checksum = (checksum + ids[0]! + ids[ids.length - 1]!) | 0
    bytes += batch.numRows * 12
    batches++
    const due = (bytes / rate) * 1000 - (performance.now() - start)
    if (due > 1) await new Promise((resolve) => setTimeout(resolve, due)) // the slow consumer
  }
  const seconds = (performance.now() - start) / 1000
  memory.stop()
  await connection.close()
  await listener.close()
  console.log(JSON.stringify({ role, bytes, batches, checksum, seconds, baseline: memory.baseline, peak: memory.peak(), end: sample() }))
} else if (role === 'send') {
  const port = Number(process.argv[3])
  const total = Number(process.argv[4]) * MiB
  const rows = MiB / 12 | 0
  const pool = Array.from({ length: 4 }, (_, k) =>
    tableFromArrays({
      id: Int32Array.from({ length: rows }, (_, i) => i + k),
      x: Float64Array.from({ length: rows }, (_, i) => i * 0.5 + k),
    }).batches[0]!,
  )
  const s = pool[0]!.schema
  const connection = await connectTcp({ port })
  const memory = watch()
  const start = performance.now()
  const writer = new IpcStreamWriter(connection.sink, s)
  let bytes = 0
  let batches = 0
  while (bytes < total) {
    await writer.write(pool[batches % pool.length]!)
    bytes += rows * 12
    batches++
  }
  await writer.close()
  const seconds = (performance.now() - start) / 1000
  memory.stop()
  await connection.close()
  console.log(JSON.stringify({ role, bytes, batches, seconds, baseline: memory.baseline, peak: memory.peak(), end: sample() }))
} else {
  throw new Error('usage: memory-peer.ts receive <MiB/s> | send <port> <MiB>')
}
