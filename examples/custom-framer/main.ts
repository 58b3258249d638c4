/**
 * Third-party framers on Lightstream's drivers, with no library code touched:
 *  1. NDJSON log events written with writeFrames into a memory sink, then decoded with decodeFrames from
 *     random chunks (sync Generator) and from a slow async source (AsyncGenerator);
 *  2. a 2-byte big-endian length protocol written with FrameWriter and decoded at 1-byte chunking, showing
 *     that packets inside one chunk are zero-copy views.
 * Run: `npx tsx custom-framer/main.ts` from examples/ (after building the packages). Exits 1 on any mismatch.
 */
import { isDeepStrictEqual } from 'node:util'
import { Deframer, FrameWriter, createMemorySink, decodeFrames, writeFrames } from '@lightstream/framing'
import { randomChunks, randomInt, seededRandom } from '../shared/seeded-random'
import { NdjsonDecoder, NdjsonEncoder } from './ndjson-framer'
import { U16LengthDecoder, U16LengthEncoder } from './u16-length-framer'

const random = seededRandom(2024)
let failures = 0
const check = (ok: boolean, what: string): void => {
  if (!ok) failures++
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`)
}

// 1. NDJSON -------------------------------------------------------------------------------------------------
const levels = ['debug', 'info', 'warn', 'error'] as const
const events = Array.from({ length: 2000 }, (_, i) => ({
  seq: i,
  level: levels[i % levels.length],
  msg: `event ${i}${i % 7 === 0 ? ' with a "quote", a\nnewline and ünïcödé' : ''}`,
  tags: i % 3 === 0 ? ['a', 'b'] : [],
}))
const ndjsonSink = createMemorySink()
const written = await writeFrames(events, new NdjsonEncoder(), ndjsonSink)
const ndjson = ndjsonSink.bytes()
console.log(`NDJSON framer: wrote ${written.frames} events as ${written.bytes} bytes of JSON lines with writeFrames`)

const chunks = randomChunks(ndjson, random, 97)
const syncDecoded = [...decodeFrames(chunks, new NdjsonDecoder())]
check(isDeepStrictEqual(syncDecoded, events), `decodeFrames over ${chunks.length} random chunks (Generator): ${syncDecoded.length} events identical`)

async function* slowSource(): AsyncGenerator<Uint8Array> {
  for (const chunk of randomChunks(ndjson, random, 4096)) {
    await new Promise((resolve) => setImmediate(resolve))
    yield chunk
  }
}
const asyncDecoded: unknown[] = []
for await (const event of decodeFrames(slowSource(), new NdjsonDecoder())) asyncDecoded.push(event)
check(isDeepStrictEqual(asyncDecoded, events), `decodeFrames over an async source (AsyncGenerator): ${asyncDecoded.length} events identical`)

const unterminated = new TextEncoder().encode('{"a":1}\n{"b":2}') // last line has no newline: finish() parses it
check(isDeepStrictEqual([...decodeFrames(unterminated, new NdjsonDecoder())], [{ a: 1 }, { b: 2 }]), 'an unterminated last line is still decoded (finish)')

// 2. 2-byte big-endian length packets -------------------------------------------------------------------------
const packets = Array.from({ length: 500 }, (_, i) => new Uint8Array(randomInt(random, 0, 1500)).fill(i & 0xff))
const packetSink = createMemorySink()
const writer = new FrameWriter(packetSink, new U16LengthEncoder())
for (const packet of packets) await writer.write(packet)
await writer.close()
const wire = packetSink.bytes()
console.log(`u16 length framer: wrote ${writer.frames} packets as ${writer.position} bytes with FrameWriter`)

const oneByte = Array.from(wire, (b) => Uint8Array.of(b))
const fromBytes = [...decodeFrames(oneByte, new U16LengthDecoder())]
check(isDeepStrictEqual(fromBytes, packets), `decodeFrames at 1-byte chunking: ${fromBytes.length} packets identical`)

// Push-style, with the copy statistics: packets inside one chunk are views of it, spanning ones copied once.
const deframer = new Deframer(new U16LengthDecoder())
let views = 0
let received = 0
const bigChunks = randomChunks(wire, random, 16384)
const chunkBuffers = new Set(bigChunks.map((c) => c.buffer))
for (const chunk of bigChunks) {
  deframer.push(chunk)
  for (let p = deframer.next(); p !== undefined; p = deframer.next()) {
    if (!isDeepStrictEqual(p, packets[received])) failures++
    if (chunkBuffers.has(p.buffer)) views++
    received++
  }
}
deframer.end()
check(received === packets.length, `Deframer over ${bigChunks.length} chunks: ${received} packets, ${views} zero-copy views, ${deframer.copies} copied (${deframer.copiedBytes} bytes)`)

console.log(failures === 0 ? 'custom framers: all verified' : `custom framers: ${failures} FAILED check(s)`)
process.exitCode = failures === 0 ? 0 : 1
