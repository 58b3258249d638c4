import { defaultAllocator } from '@lightstream/core-buffer'
import { Deframer, LengthPrefixedDecoder } from '@lightstream/framing'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { describe, expect, it } from 'vitest'
import { ChunkQueue } from '../src/chunk-queue'
import { SlabReader } from '../src/node/slab-reader'
import { expectSameTable, mixedTable } from './fixtures'

/** A deterministic pseudo-random source of read sizes. */
function sizes(seed: number): (max: number) => number {
  let state = seed
  return (max) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return 1 + (state % max)
  }
}

/** Length-prefixed frames (u32 LE) whose payload bytes are the frame number. */
function framedStream(count: number, maxPayload: number, seed: number): { frames: number[]; bytes: Uint8Array } {
  const next = sizes(seed)
  const frames: number[] = []
  for (let i = 0; i < count; i++) frames.push(next(maxPayload))
  const bytes = new Uint8Array(frames.reduce((sum, n) => sum + 4 + n, 0))
  const view = new DataView(bytes.buffer)
  let at = 0
  frames.forEach((n, i) => {
    view.setUint32(at, n, true)
    bytes.fill(i & 255, at + 4, at + 4 + n)
    at += 4 + n
  })
  return { frames, bytes }
}

/** Feed `bytes` through `reader` as a socket would: each read fills part of the last `buffer()`. */
function* reads(reader: SlabReader, bytes: Uint8Array, seed: number, maxRead: number): Generator<{ view: Uint8Array; end: number }> {
  const next = sizes(seed)
  let buf = reader.buffer()
  let at = 0
  while (at < bytes.length) {
    const n = Math.min(buf.length, next(maxRead), bytes.length - at)
    buf.set(bytes.subarray(at, at + n))
    at += n
    const view = reader.take(n, buf)
    const back = reader.givenBack() // a reserved frame start that was not moved comes back first
    buf = reader.buffer() // Node asks for the next buffer right after each read callback
    if (back !== undefined) yield { view: back, end: at - view.length }
    yield { view, end: at }
  }
}

describe('SlabReader frame reservations', () => {
  /** Decode `bytes` read in random sizes through a SlabReader, checking every view and frame; the join copies made. */
  function run(reserve: boolean): { copies: number; reserved: number } {
    const { frames, bytes } = framedStream(300, 40_000, 3)
    const reader = new SlabReader(defaultAllocator, 16 * 1024, 64 * 1024)
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 4, endian: 'le' }))
    let got = 0
    for (const { view, end } of reads(reader, bytes, 5, 24_000)) {
      // Every view is the stream's bytes ending at the read, 64-byte congruent to its stream offset.
      expect(Buffer.compare(view, bytes.subarray(end - view.length, end))).toBe(0)
      expect(view.byteOffset % 64).toBe((end - view.length) % 64)
      deframer.push(view)
      for (let frame = deframer.next(); frame !== undefined; frame = deframer.next()) {
        expect(frame.length).toBe(frames[got])
        expect(frame[0]).toBe(got & 255)
        got++
      }
      if (reserve) deframer.offerPartial((held, needed) => reader.reserve(held, needed))
    }
    expect(deframer.end()).toBeUndefined()
    expect(got).toBe(frames.length)
    return { copies: deframer.copies, reserved: reader.reserved }
  }

  it('moves frames that would straddle two slabs into one piece: fewer join copies, the byte stream unchanged', () => {
    const without = run(false)
    const withReserve = run(true)
    expect(without.reserved).toBe(0)
    expect(withReserve.reserved).toBeGreaterThan(20)
    expect(withReserve.copies).toBeLessThan(without.copies / 2)
  })

  it('refuses when the frame fits, when newer bytes were handed out, and frames over 4 slabs', () => {
    const reader = new SlabReader(defaultAllocator, 4096, 4096)
    const buf = reader.buffer()
    buf.fill(1, 0, 100)
    const first = reader.take(100, buf)
    expect(reader.reserve(first.subarray(50), 200)).toBe(false) // the rest lands in this slab anyway
    expect(reader.reserve(first.subarray(0, 50), 9000)).toBe(false) // not the last bytes handed out
    expect(reader.reserve(first, 4 * 4096 + 1)).toBe(false) // larger than 4 slabs
    expect(reader.reserve(first, 5000)).toBe(true)
    expect(reader.reserve(first, 5000)).toBe(false) // one at a time
    expect(reader.cancelReserve()).toBe(first) // the stream ended: the consumer gets its bytes back
    expect(reader.cancelReserve()).toBeUndefined()
  })

  it('an IPC stream through a ChunkQueue with random reads decodes the same table without framing copies', async () => {
    const table = mixedTable(3_000)
    const parts: Uint8Array[] = []
    const writer = new IpcStreamWriter({ write: (chunk: Uint8Array) => void parts.push(chunk.slice()), close: () => undefined, abort: () => undefined }, table.schema)
    for (let k = 0; k < 12; k++) await writer.write(table) // ~100 KB messages, up to 4 slabs of 64-128 KiB
    await writer.close()
    const bytes = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0))
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0)
    const reader = new SlabReader(defaultAllocator, 64 * 1024, 128 * 1024)
    const queue = new ChunkQueue({ highWaterMark: 1 << 20, merge: true, onReserve: (held, needed) => reader.reserve(held, needed) })
    const pump = (async () => {
      for (const { view } of reads(reader, bytes, 11, 50_000)) {
        queue.push(view)
        await new Promise((resolve) => setImmediate(resolve)) // let the consumer catch up, as between socket reads
      }
      const held = reader.cancelReserve()
      if (held !== undefined) queue.push(held)
      queue.end()
    })()
    const stream = await openIpcStream(queue)
    const back = await stream.readAll()
    await pump
    expect(back.numRows).toBe(12 * table.numRows)
    expectSameTable(back, openIpcStream([bytes]).readAll()) // the same bytes decoded in one piece
    expect(reader.reserved).toBeGreaterThan(0)
    expect(stream.stats.framingCopies).toBe(0)
  })
})
