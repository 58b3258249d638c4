import { defaultAllocator } from '@lightstream/core-buffer'
import { Deframer, LengthPrefixedDecoder } from '@lightstream/framing'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ChunkQueue, frameInProgress } from '../src/chunk-queue'
import { FIRST_READ, SlabReader, WHOLE_FRAME_SLABS } from '../src/node/slab-reader'
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
    expect(reader.finish()).toBe(first) // the stream ended: the consumer gets its bytes back
    expect(reader.finish()).toBeUndefined()
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
      const held = reader.finish()
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

describe('SlabReader sizing frames (whole frames only)', () => {
  const prefixed = new LengthPrefixedDecoder({ width: 4, endian: 'le' })
  const frameLength = (bytes: Uint8Array): number | undefined => prefixed.frameLength(bytes)

  /** `[u32 LE length][payload]` frames of the given payload sizes; payload bytes vary so misplaced bytes show. */
  function stream(payloads: readonly number[]): { bytes: Uint8Array; ends: number[] } {
    const bytes = new Uint8Array(payloads.reduce((sum, n) => sum + 4 + n, 0))
    const view = new DataView(bytes.buffer)
    const ends: number[] = []
    let at = 0
    payloads.forEach((n, i) => {
      view.setUint32(at, n, true)
      for (let k = 0; k < n; k++) bytes[at + 4 + k] = (i * 31 + k) & 255
      at += 4 + n
      ends.push(at)
    })
    return { bytes, ends }
  }

  /** Read `bytes` as a socket would (random sizes up to each buffer()), sizing after `installAt` bytes; the views with their stream offsets. */
  function drive(reader: SlabReader, bytes: Uint8Array, seed: number, maxRead: number, installAt = 0): { views: { view: Uint8Array; start: number }[]; installed: boolean } {
    const next = sizes(seed)
    const views: { view: Uint8Array; start: number }[] = []
    let installed = false
    let handed = 0
    let at = 0
    const install = (): boolean => {
      // As the ChunkQueue does: find the frame in progress among the bytes handed out so far.
      const frame = frameInProgress(views.map((v) => v.view), frameLength)
      return frame !== undefined && reader.sizeFrames(frameLength, frame.start, frame.end)
    }
    if (installAt === 0) installed = install()
    let buf = reader.buffer()
    while (at < bytes.length) {
      const n = Math.min(buf.length, next(maxRead), bytes.length - at, !installed && at < installAt ? installAt - at : Infinity)
      expect(n).toBeGreaterThan(0)
      buf.set(bytes.subarray(at, at + n))
      at += n
      const view = reader.take(n, buf)
      if (view.length > 0) views.push({ view, start: handed })
      handed += view.length
      if (!installed && at === installAt) installed = install()
      buf = reader.buffer()
    }
    const rest = reader.finish()
    if (rest !== undefined) views.push({ view: rest, start: handed })
    return { views, installed }
  }

  function check(payloads: number[], slab: number, maxSlab: number, seed: number, maxRead: number, installAt = 0): SlabReader {
    const { bytes, ends } = stream(payloads)
    const reader = new SlabReader(defaultAllocator, slab, maxSlab)
    const { views, installed } = drive(reader, bytes, seed, maxRead, installAt)
    expect(installed).toBe(true)
    const boundaries = new Set([0, ...ends])
    const whole = maxSlab * WHOLE_FRAME_SLABS
    let expectStart = 0
    for (const { view, start } of views) {
      expect(start).toBe(expectStart)
      expect(Buffer.compare(view, bytes.subarray(start, start + view.length))).toBe(0) // the stream, in order
      expect(view.byteOffset % 64).toBe(start % 64) // 64-byte congruent to the stream
      expectStart += view.length
    }
    expect(expectStart).toBe(bytes.length)
    // Every frame kept whole lies in one view; only frames over WHOLE_FRAME_SLABS slabs (and, when sizing began
    // late, the frame in progress then) are handed out in pieces.
    let frameStart = 0
    for (const end of ends) {
      const inOne = views.some(({ view, start }) => start <= frameStart && end <= start + view.length)
      if (end - frameStart <= whole && frameStart >= installAt) expect(inOne, `frame [${frameStart}, ${end})`).toBe(true)
      frameStart = end
    }
    for (const { view, start } of views) {
      if (boundaries.has(start + view.length)) continue
      // A view may end inside a frame only in a frame too large to keep whole (or begun before sizing).
      const frameEnd = ends.find((e) => e > start + view.length)!
      const begin = ends[ends.indexOf(frameEnd) - 1] ?? 0
      expect(frameEnd - begin > whole || begin < installAt, `view ending at ${start + view.length}`).toBe(true)
    }
    return reader
  }

  /** Frame payload sizes for the properties: small, large and over-large (up to `maxHuge`) mixed. */
  const mixedPayloads = (maxHuge: number, maxLength: number): fc.Arbitrary<number[]> =>
    fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1000, max: 70_000 }), fc.integer({ min: 70_000, max: maxHuge })), { minLength: 1, maxLength })
  const firstSlab = fc.constantFrom(4096, 16 * 1024)
  const largestSlab = fc.constantFrom(16 * 1024, 64 * 1024)

  it('hands out whole frames only: small frames at reads of a few bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(1, 7, 64, 5000),
        (payloads, seed, maxRead) => {
          check(payloads, 4096, 8192, seed, maxRead)
        },
      ),
      { numRuns: 60, seed: 42 },
    )
  })

  it('hands out whole frames only: large and over-large frames among small ones, at any read sizes (property)', () => {
    fc.assert(
      fc.property(
        mixedPayloads(300_000, 12),
        firstSlab,
        largestSlab,
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(3000, 40_000, 300_000),
        (payloads, slab, maxSlab, seed, maxRead) => {
          check(payloads, slab, Math.max(slab, maxSlab), seed, maxRead)
        },
      ),
      { numRuns: 60, seed: 7 },
    )
  })

  it('moves at most a frame\'s first read: large frames cost a few KiB of copying each, not the frame', () => {
    const payloads = Array.from({ length: 60 }, (_, i) => 90_000 + ((i * 7919) % 40_000))
    const reader = check(payloads, 64 * 1024, 256 * 1024, 9, 200_000)
    expect(reader.reserved).toBeGreaterThan(0)
    expect(reader.movedBytes).toBeLessThanOrEqual(reader.reserved * FIRST_READ)
  })

  it('can start sizing after the first reads (the frame in progress then is handed out as it arrives)', () => {
    for (const installAt of [2000, 9000, 78_145]) check([100, 5000, 20, 3000, 70_000, 10, 200], 4096, 16 * 1024, 3, 1500, installAt)
  })

  it('declines a second time, during a reservation, and for a partly handed-out frame of unknown length', () => {
    const reader = new SlabReader(defaultAllocator, 4096, 4096)
    expect(reader.sizeFrames(frameLength)).toBe(true)
    expect(reader.sizeFrames(frameLength)).toBe(false)
    const reserving = new SlabReader(defaultAllocator, 4096, 4096)
    const buf = reserving.buffer()
    const first = reserving.take(100, buf)
    expect(reserving.reserve(first, 5000)).toBe(true)
    expect(reserving.sizeFrames(frameLength)).toBe(false)
    const partial = new SlabReader(defaultAllocator, 4096, 4096)
    partial.take(2, partial.buffer())
    expect(partial.sizeFrames(frameLength, 0, -1)).toBe(false) // 2 bytes of a 4-byte prefix went out
    expect(partial.sizeFrames(frameLength, 0, 10)).toBe(true) // its length known: handed out as it arrives
  })

  /**
   * Read `bytes` as a socket would while a consumer holds the last `hold` views handed out and recycles the
   * ones before them; every held view is checked against the stream after every read. The reader.
   */
  function recycleRun(payloads: readonly number[], slab: number, maxSlab: number, seed: number, maxRead: number, hold: number, recycle = true): SlabReader {
    const { bytes } = stream(payloads)
    const reader = new SlabReader(defaultAllocator, slab, maxSlab)
    expect(reader.sizeFrames(frameLength)).toBe(true)
    const next = sizes(seed)
    const held: { view: Uint8Array; start: number }[] = []
    const intact = ({ view, start }: { view: Uint8Array; start: number }): void => {
      expect(Buffer.compare(view, bytes.subarray(start, start + view.length)), `bytes from ${start}`).toBe(0)
    }
    let handed = 0
    let at = 0
    let buf = reader.buffer()
    while (at < bytes.length) {
      const n = Math.min(buf.length, next(maxRead), bytes.length - at)
      buf.set(bytes.subarray(at, at + n))
      at += n
      const view = reader.take(n, buf)
      for (const h of held) intact(h) // a read never lands on bytes the consumer still holds
      if (view.length > 0) {
        held.push({ view, start: handed })
        intact(held[held.length - 1]!)
        handed += view.length
      }
      while (held.length > hold) {
        held.shift()
        if (recycle) reader.recycle(held[0]?.start ?? handed)
      }
      buf = reader.buffer()
    }
    const rest = reader.finish()
    expect(handed + (rest?.length ?? 0)).toBe(bytes.length)
    return reader
  }

  it('recycles slabs whose bytes the consumer released, never overwriting a byte it holds (property)', () => {
    fc.assert(
      fc.property(
        mixedPayloads(150_000, 20),
        firstSlab,
        largestSlab,
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(61, 3000, 40_000, 300_000),
        fc.integer({ min: 0, max: 4 }),
        (payloads, slab, maxSlab, seed, maxRead, hold) => {
          recycleRun(payloads, slab, Math.max(slab, maxSlab), seed, maxRead, hold)
        },
      ),
      { numRuns: 50, seed: 23 },
    )
  })

  it('a recycling consumer keeps the reader on a few slabs; without recycling every slab is new', () => {
    const payloads = Array.from({ length: 400 }, (_, i) => 2000 + ((i * 7919) % 60_000)) // ~12 MB in frames of 2-62 KB
    const recycling = recycleRun(payloads, 16 * 1024, 64 * 1024, 5, 50_000, 2)
    const plain = recycleRun(payloads, 16 * 1024, 64 * 1024, 5, 50_000, 2, false)
    expect(plain.recycled).toBe(0)
    expect(plain.slabs).toBeGreaterThan(150)
    expect(recycling.recycled).toBeGreaterThan(150)
    expect(recycling.slabs).toBeLessThan(30)
  })

  it('ignores recycling unless frames are sized (the consumer\'s offsets are the reader\'s only then)', () => {
    const reader = new SlabReader(defaultAllocator, 4096, 4096)
    const { bytes } = stream(Array.from({ length: 50 }, () => 1000))
    let buf = reader.buffer()
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(buf.length, 700, bytes.length - at)
      buf.set(bytes.subarray(at, at + n))
      at += n
      reader.take(n, buf)
      reader.recycle(at)
      buf = reader.buffer()
    }
    expect(reader.recycled).toBe(0)
    expect(reader.slabs).toBeGreaterThan(10)
  })

  it('frameInProgress walks queued chunks, joining a frame start split between them', () => {
    const { bytes, ends } = stream([10, 3000, 5])
    const at = (k: number) => [bytes.subarray(0, k)]
    expect(frameInProgress([], frameLength)).toEqual({ start: 0, end: -1 })
    expect(frameInProgress(at(2), frameLength)).toEqual({ start: 0, end: -1 })
    expect(frameInProgress(at(20), frameLength)).toEqual({ start: 14, end: ends[1] })
    expect(frameInProgress(at(ends[1]!), frameLength)).toEqual({ start: ends[1], end: -1 })
    // The second frame's prefix split 2 + 2 between chunks.
    expect(frameInProgress([bytes.subarray(0, 16), bytes.subarray(16, 17), bytes.subarray(17, 30)], frameLength)).toEqual({ start: 14, end: ends[1] })
  })
})
