/**
 * The Quick start demo: TLV frames end to end, the way an application would use Lightstream.
 *
 *   ~100k mixed frames (sensor readings, text messages, heartbeats, blobs)
 *   → TlvWriter (header + the payload itself, no copy)
 *   → a paced in-memory pipe with a 64 KiB high-water mark (real backpressure: the writer waits)
 *   → re-chunked at random like a network, so frames span chunks
 *   → readTlv over the async source (views of received chunks; one copy only for spanning frames)
 *   → every frame checked against what was sent.
 * Then the text messages go through a third-party NDJSON framer (examples/custom-framer) on framing's drivers.
 *
 * Run: `npx tsx demo.ts [--frames=N] [--seed=N] [--corrupt=OFFSET]` from examples/ after building the packages.
 * `--corrupt` flips one byte in transit, to show that verification catches it. Exits 1 when verification fails.
 */
import { isDeepStrictEqual } from 'node:util'
import type { Allocator } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { createMemorySink, decodeFrames, writeFrames } from '@lightstream/framing'
import { TlvWriter, readTlv, type TlvFrame } from '@lightstream/tlv'
import { NdjsonDecoder, NdjsonEncoder } from './custom-framer/ndjson-framer'
import { createPacedPipe } from './shared/paced-pipe'
import { randomChunks, randomInt, seededRandom } from './shared/seeded-random'

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]))
const FRAMES = Number(args.frames ?? 100_000)
const random = seededRandom(Number(args.seed ?? 7))
const corruptAt = args.corrupt === undefined ? -1 : Number(args.corrupt)

const Tag = { Sensor: 1, Text: 2, Heartbeat: 3, Blob: 4 } as const
const tagNames: Record<number, string> = { 1: 'sensor', 2: 'text', 3: 'heartbeat', 4: 'blob' }
const words = ['arrow', 'frame', 'zero', 'copy', 'stream', 'tag', 'length', 'value', 'batch', 'ünïcödé', '🚀']
const utf8 = new TextEncoder()

/** One frame of the workload: what an application would send. */
function makeFrame(i: number): TlvFrame {
  const roll = random()
  if (roll < 0.5) {
    const reading = new Uint8Array(16) // sensor id u32, sequence u32, value f64, little-endian
    const view = new DataView(reading.buffer)
    view.setUint32(0, randomInt(random, 1, 64), true)
    view.setUint32(4, i, true)
    view.setFloat64(8, 20 + 5 * Math.sin(i / 100) + random(), true)
    return { tag: Tag.Sensor, payload: reading }
  }
  if (roll < 0.8) {
    const text = Array.from({ length: randomInt(random, 1, 12) }, () => words[randomInt(random, 0, words.length - 1)]).join(' ')
    return { tag: Tag.Text, payload: utf8.encode(`#${i} ${text}`) }
  }
  if (roll < 0.9) return { tag: Tag.Heartbeat, payload: new Uint8Array(0) }
  return { tag: Tag.Blob, payload: new Uint8Array(randomInt(random, 0, 4096)).map(() => (random() * 256) | 0) }
}

const sent = Array.from({ length: FRAMES }, (_, i) => makeFrame(i))
const pipe = createPacedPipe({ highWaterMark: 64 * 1024, maxChunk: 64 * 1024, random })

// Count what the reader copies: spanning frames are made contiguous through this allocator.
const copies = { count: 0, bytes: 0 }
const countingAllocator: Allocator = {
  alloc(byteLength, alignment) {
    copies.count++
    copies.bytes += byteLength
    return defaultAllocator.alloc(byteLength, alignment)
  },
}

// The transport delivers fresh chunks; remember them to tell zero-copy views from copies.
const received = new WeakSet<ArrayBufferLike>()
const receivedChunks: Uint8Array[] = []
let offset = 0
async function* transport(): AsyncGenerator<Uint8Array> {
  for await (const chunk of pipe.source) {
    if (corruptAt >= offset && corruptAt < offset + chunk.length) chunk[corruptAt - offset]! ^= 0xff
    offset += chunk.length
    received.add(chunk.buffer)
    receivedChunks.push(chunk)
    yield chunk
  }
}

async function produce(): Promise<void> {
  const writer = new TlvWriter(pipe.sink)
  for (const frame of sent) await writer.writeFrame(frame) // waits whenever the pipe is full
  await writer.close()
}

async function consume(): Promise<{ frames: number; views: number; mismatches: number; texts: string[] }> {
  let frames = 0
  let views = 0
  let mismatches = 0
  const texts: string[] = []
  const text = new TextDecoder()
  for await (const { tag, payload } of readTlv(transport(), { allocator: countingAllocator })) {
    const expected = sent[frames]
    if (expected === undefined || expected.tag !== tag || !sameBytes(expected.payload, payload)) mismatches++
    if (received.has(payload.buffer)) views++
    if (tag === Tag.Text) texts.push(text.decode(payload))
    frames++
  }
  return { frames, views, mismatches, texts }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const fmt = (n: number): string => n.toLocaleString('en-US')
const started = performance.now()
let outcome: Awaited<ReturnType<typeof consume>> | undefined
let failure: unknown
try {
  ;[, outcome] = await Promise.all([produce(), consume()])
} catch (error) {
  failure = error
  await pipe.sink.abort(error)
}
const seconds = (performance.now() - started) / 1000

const counts = new Map<number, number>()
for (const { tag } of sent) counts.set(tag, (counts.get(tag) ?? 0) + 1)
const mix = [...counts].sort(([a], [b]) => a - b).map(([tag, n]) => `${tagNames[tag]} ${fmt(n)}`).join(' · ')
const bytes = pipe.stats.bytes

console.log('Lightstream demo: TLV frames over a paced, re-chunking transport')
console.log(`  sent          ${fmt(FRAMES)} frames (${mix}) with TlvWriter`)
console.log(`  wire          ${fmt(bytes)} B (${fmt(FRAMES * 5)} B of TLV headers) in ${fmt(pipe.stats.chunks)} chunks of 1 B–64 KiB, cut anywhere`)
console.log(`  backpressure  64 KiB pipe: the writer waited ${fmt(pipe.stats.waits)} times, peak ${fmt(pipe.stats.peakQueued)} B queued`)
let ok = false
if (outcome !== undefined) {
  const { frames, views, mismatches } = outcome
  ok = frames === FRAMES && mismatches === 0
  const share = ((100 * copies.bytes) / Math.max(1, bytes)).toFixed(1)
  console.log(`  received      ${fmt(frames)} frames with readTlv (AsyncGenerator), mismatches: ${fmt(mismatches)}`)
  console.log(`  zero-copy     ${fmt(views)} payloads were views of received chunks; ${fmt(frames - views)} spanned chunks: ${fmt(copies.count)} copies, ${fmt(copies.bytes)} B (${share}%)`)
  console.log(`  throughput    ${(bytes / 1e6 / seconds).toFixed(1)} MB/s end to end (write → pipe → decode → verify), ${fmt(Math.round(frames / seconds))} frames/s`)
  // The decoder alone, over the very chunks the pipe delivered: what readTlv costs without the simulated network.
  let best = Infinity
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now()
    let n = 0
    for (const _ of readTlv(receivedChunks)) n++
    if (n === frames) best = Math.min(best, performance.now() - t0)
  }
  console.log(`  decode only   ${(bytes / 1e3 / best).toFixed(0)} MB/s: readTlv over the same chunks in memory (sync Generator, no promises)`)
} else {
  console.log(`  received      failed: ${failure instanceof Error ? `${failure.name} (${(failure as { code?: string }).code ?? '-'}): ${failure.message}` : String(failure)}`)
}

// A third-party framer (not part of the library) on framing's drivers: the text messages as NDJSON.
if (outcome !== undefined) {
  const records = outcome.texts.map((text, i) => ({ i, text }))
  const sink = createMemorySink()
  const written = await writeFrames(records, new NdjsonEncoder(), sink)
  const chunks = randomChunks(sink.bytes(), random, 64)
  const lines = [...decodeFrames(chunks, new NdjsonDecoder())]
  const same = isDeepStrictEqual(lines, records)
  ok &&= same
  console.log('Custom framer: NDJSON, defined in examples/custom-framer, on writeFrames / decodeFrames')
  console.log(`  ${fmt(written.frames)} text messages → ${fmt(written.bytes)} B of JSON lines → ${fmt(chunks.length)} chunks → ${fmt(lines.length)} lines, ${same ? 'identical' : 'DIFFERENT'}`)
}

console.log(ok ? `verification: OK — all ${fmt(FRAMES)} frames identical` : 'verification: FAILED')
process.exitCode = ok ? 0 : 1
