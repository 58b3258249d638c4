import { FrameTooLargeError, InvalidArgumentError, SinkClosedError, type FrameEncoder } from '@lightstream/core'
import {
  LengthPrefixedDecoder,
  LengthPrefixedEncoder,
  concatParts,
  createMemorySink,
  decodeFrames,
  encodeFrames,
  writeFrames,
} from '@lightstream/framing'
import { describe, expect, it } from 'vitest'

/** Pads every frame to a 8-byte boundary of the stream, to show `position` is the stream offset. */
const padded: FrameEncoder<Uint8Array> = {
  encode(frame, position) {
    const header = Uint8Array.of(frame.length)
    const end = position + 1 + frame.length
    return [header, frame, new Uint8Array((8 - (end % 8)) % 8)]
  },
  finish: (position) => [Uint8Array.of(0xff, position)],
}

describe('encodeFrames', () => {
  it('yields the parts, not concatenated, with the frame itself as a part (no copy)', () => {
    const frame = Uint8Array.of(1, 2, 3)
    const parts = [...encodeFrames([frame], new LengthPrefixedEncoder())]
    expect(parts).toHaveLength(2)
    expect(parts[0]).toEqual(Uint8Array.of(0, 0, 0, 3))
    expect(parts[1]).toBe(frame)
  })

  it('passes the stream position to the encoder and yields the trailer last', () => {
    const parts = [...encodeFrames([Uint8Array.of(1), Uint8Array.of(2, 2, 2)], padded, { position: 3 })]
    expect(parts.map((part) => part.length)).toEqual([1, 1, 3, 1, 3, 4, 2])
    expect([...parts[6]!]).toEqual([0xff, 16])
  })

  it('is a Generator for an Iterable and an AsyncGenerator for an AsyncIterable', async () => {
    const sync = encodeFrames([Uint8Array.of(1)], new LengthPrefixedEncoder({ width: 1 }))
    expect(Symbol.asyncIterator in sync).toBe(false)
    expect(sync.next()).toEqual({ done: false, value: Uint8Array.of(1) })
    async function* frames(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.of(9)
    }
    const parts: Uint8Array[] = []
    for await (const part of encodeFrames(frames(), padded)) parts.push(part)
    expect(parts.map((part) => [...part])).toEqual([[1], [9], [0, 0, 0, 0, 0, 0], [0xff, 8]])
  })

  it('rejects bad input with InvalidArgumentError', () => {
    expect(() => encodeFrames(3 as unknown as Uint8Array[], padded)).toThrow(InvalidArgumentError)
    expect(() => encodeFrames([], padded, { position: -1 })).toThrow(InvalidArgumentError)
    expect(() => encodeFrames([], {} as FrameEncoder<Uint8Array>)).toThrow(InvalidArgumentError)
  })

  it('round-trips with decodeFrames', () => {
    const frames = Array.from({ length: 40 }, (_, i) => new Uint8Array(i * 7).fill(i))
    const bytes = concatParts([...encodeFrames(frames, new LengthPrefixedEncoder({ width: 'varint' }))])
    expect([...decodeFrames(bytes, new LengthPrefixedDecoder({ width: 'varint' }))]).toEqual(frames)
  })
})

describe('concatParts', () => {
  it('copies once into fresh, 64-byte aligned memory, even for one part', () => {
    const part = Uint8Array.of(1, 2, 3)
    const joined = concatParts([part])
    expect(joined).toEqual(part)
    expect(joined.buffer).not.toBe(part.buffer)
    expect(joined.byteOffset % 64).toBe(0)
    expect(concatParts([Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)])).toEqual(Uint8Array.of(1, 2, 3))
    expect(concatParts([])).toEqual(new Uint8Array(0))
  })

  it('uses the given allocator', () => {
    const sizes: number[] = []
    const joined = concatParts([Uint8Array.of(1), Uint8Array.of(2)], {
      alloc: (n) => {
        sizes.push(n)
        return new Uint8Array(n)
      },
    })
    expect(joined).toEqual(Uint8Array.of(1, 2))
    expect(sizes).toEqual([2])
  })

  it('rejects parts that are not Uint8Array', () => {
    expect(() => concatParts([Uint8Array.of(1), [2] as unknown as Uint8Array])).toThrow(InvalidArgumentError)
    expect(() => concatParts('ab' as unknown as Uint8Array[])).toThrow(InvalidArgumentError)
  })
})

describe('createMemorySink', () => {
  it('copies what it is given (the writer may reuse its chunks) and concatenates on demand', () => {
    const sink = createMemorySink()
    const chunk = Uint8Array.of(1, 2)
    sink.write(chunk)
    chunk[0] = 99
    sink.writev([Uint8Array.of(3), Uint8Array.of(4)])
    expect(sink.chunks.map((c) => [...c])).toEqual([[1, 2], [3], [4]])
    expect(sink.byteLength).toBe(4)
    expect([...sink.bytes()]).toEqual([1, 2, 3, 4])
    expect(sink.closed).toBe(false)
    sink.close()
    expect(sink.closed).toBe(true)
  })

  it('refuses writes after close or abort with SinkClosedError', () => {
    const closed = createMemorySink()
    closed.close()
    expect(() => closed.write(Uint8Array.of(1))).toThrow(SinkClosedError)
    const aborted = createMemorySink()
    aborted.abort('why')
    expect(aborted.aborted).toBe(true)
    expect(aborted.abortReason).toBe('why')
    expect(() => aborted.writev([Uint8Array.of(1)])).toThrow(SinkClosedError)
    expect(() => aborted.close()).toThrow(SinkClosedError)
  })

  it('holds at most highWaterMark bytes, checked before a vectored write lands', async () => {
    const sink = createMemorySink({ highWaterMark: 4 })
    sink.write(Uint8Array.of(1, 2, 3))
    expect(() => sink.writev([Uint8Array.of(4), Uint8Array.of(5)])).toThrow(FrameTooLargeError)
    expect(sink.byteLength).toBe(3)
    expect(() => sink.write([1] as unknown as Uint8Array)).toThrow(InvalidArgumentError)
    expect(() => createMemorySink({ highWaterMark: -1 })).toThrow(InvalidArgumentError)
    const error = await writeFrames([new Uint8Array(10)], new LengthPrefixedEncoder(), createMemorySink({ highWaterMark: 8 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SinkClosedError)
    expect((error as SinkClosedError).cause).toBeInstanceOf(FrameTooLargeError)
  })
})
