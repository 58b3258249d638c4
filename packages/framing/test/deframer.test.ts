import {
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  NEED_MORE,
  TruncatedInputError,
  type FrameDecoder,
} from '@lightstream/core'
import { Deframer, LengthPrefixedDecoder, LengthPrefixedEncoder, concatParts, decodeFrames, encodeFrames } from '@lightstream/framing'
import { splitAt } from '@lightstream/framing/testing'
import { describe, expect, it } from 'vitest'
import { concat, newlineDecoder, oneByteChunks } from './helpers'

const text = new TextEncoder()
const utf8 = new TextDecoder()

function encodeAll(frames: Uint8Array[], width: 1 | 2 | 4 | 8 | 'varint' = 4): Uint8Array {
  return concatParts([...encodeFrames(frames, new LengthPrefixedEncoder({ width }))])
}

describe('Deframer', () => {
  it('waits for bytes, then yields frames in order, and ends cleanly on a boundary', () => {
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 1 }))
    deframer.push(Uint8Array.of(2, 7))
    expect(deframer.next()).toBeUndefined()
    expect(deframer.buffered).toBe(2)
    deframer.push(Uint8Array.of(8, 1, 9))
    expect(deframer.next()).toEqual(Uint8Array.of(7, 8))
    expect(deframer.next()).toEqual(Uint8Array.of(9))
    expect(deframer.next()).toBeUndefined()
    expect(deframer.buffered).toBe(0)
    expect(deframer.end()).toBeUndefined()
    expect(deframer.end()).toBeUndefined()
  })

  it('is zero-copy for aligned single-chunk input: frames are views of the same ArrayBuffer', () => {
    const payloads = [text.encode('alpha'), new Uint8Array(1000).fill(3), new Uint8Array(0), text.encode('omega')]
    const input = encodeAll(payloads)
    expect(input.byteOffset % 64).toBe(0)
    const deframer = new Deframer(new LengthPrefixedDecoder())
    deframer.push(input)
    const frames: Uint8Array[] = []
    for (let frame = deframer.next(); frame !== undefined; frame = deframer.next()) frames.push(frame)
    expect(deframer.end()).toBeUndefined()
    expect(frames).toEqual(payloads)
    let offset = 0
    for (const frame of frames) {
      expect(frame.buffer).toBe(input.buffer)
      offset += 4
      expect(frame.byteOffset).toBe(input.byteOffset + offset)
      offset += frame.length
    }
    expect(deframer.copies).toBe(0)
    expect(deframer.copiedBytes).toBe(0)
  })

  it('copies a frame spanning chunks exactly once, into aligned memory', () => {
    const payload = new Uint8Array(100).map((_, i) => i)
    const input = encodeAll([payload])
    const deframer = new Deframer(new LengthPrefixedDecoder())
    const [a, b, c] = splitAt(input, 30, 70)
    deframer.push(a!)
    expect(deframer.next()).toBeUndefined()
    deframer.push(b!)
    expect(deframer.next()).toBeUndefined()
    deframer.push(c!)
    const frame = deframer.next()!
    expect(frame).toEqual(payload)
    expect(deframer.copies).toBe(1)
    expect(deframer.copiedBytes).toBe(104)
    // A copy: the input and the frame may share a pooled slab, but their bytes never overlap.
    const inputRange = [input.byteOffset, input.byteOffset + input.byteLength]
    const overlaps = frame.buffer === input.buffer && frame.byteOffset < inputRange[1]! && frame.byteOffset + frame.byteLength > inputRange[0]!
    expect(overlaps).toBe(false)
    // the copy is the frame plus its 4-byte prefix, at offset 4 of a 64-byte aligned allocation
    expect((frame.byteOffset - 4) % 64).toBe(0)
  })

  it('after a spanning frame, the rest of the chunk is decoded in place again', () => {
    const payloads = [new Uint8Array(10).fill(1), new Uint8Array(10).fill(2), new Uint8Array(10).fill(3), new Uint8Array(10).fill(4)]
    const input = encodeAll(payloads)
    const first = input.slice(0, 20) // frame 1 and part of frame 2
    const second = input.slice(20) // the rest of frame 2, then frames 3 and 4
    const deframer = new Deframer(new LengthPrefixedDecoder())
    deframer.push(first)
    const frames = [deframer.next()!]
    expect(deframer.next()).toBeUndefined()
    deframer.push(second)
    for (let frame = deframer.next(); frame !== undefined; frame = deframer.next()) frames.push(frame)
    expect(frames).toEqual(payloads)
    expect(frames[0]!.buffer).toBe(first.buffer)
    expect(frames[1]!.buffer).not.toBe(first.buffer)
    expect(frames[1]!.buffer).not.toBe(second.buffer)
    expect(frames[2]!.buffer).toBe(second.buffer)
    expect(frames[3]!.buffer).toBe(second.buffer)
    expect(deframer.copies).toBe(1)
    expect(deframer.copiedBytes).toBe(14)
    expect(deframer.buffered).toBe(0)
  })

  it('decodes a 1 MiB hinted frame from 1-byte chunks with one header copy and one frame copy', () => {
    const payload = new Uint8Array(1 << 20).fill(0x5a)
    const input = encodeAll([payload])
    const deframer = new Deframer(new LengthPrefixedDecoder())
    const frames: Uint8Array[] = []
    for (const chunk of oneByteChunks(input)) {
      deframer.push(chunk)
      const frame = deframer.next()
      if (frame !== undefined) frames.push(frame)
    }
    expect(frames).toHaveLength(1)
    expect(frames[0]!.length).toBe(1 << 20)
    expect(frames[0]!.every((byte) => byte === 0x5a)).toBe(true)
    expect(deframer.copies).toBe(2)
    expect(deframer.copiedBytes).toBe(4 + input.length)
  })

  it('keeps an unhinted 1 MiB line in 1-byte chunks linear: bounded copies and decoder calls', () => {
    const size = 1 << 20
    const line = new Uint8Array(size + 1).fill(0x61)
    line[size] = 10
    const decoder = newlineDecoder()
    const deframer = new Deframer(decoder)
    const frames: Uint8Array[] = []
    for (const chunk of oneByteChunks(line)) {
      deframer.push(chunk)
      const frame = deframer.next()
      if (frame !== undefined) frames.push(frame)
    }
    for (let frame = deframer.end(); frame !== undefined; frame = deframer.end()) frames.push(frame)
    expect(frames).toHaveLength(1)
    expect(frames[0]!.length).toBe(size)
    // Retrying only when the buffer has doubled: copies sum to about 2x the line, never quadratic.
    expect(deframer.copiedBytes).toBeLessThanOrEqual(3 * line.length)
    expect(deframer.copies).toBeLessThanOrEqual(24)
    expect(decoder.calls).toBeLessThanOrEqual(24)
    expect(decoder.scanned).toBeLessThanOrEqual(3 * line.length)
  })

  it('retries unhinted bytes with everything at end(), then hands the rest to finish()', () => {
    const decoder = newlineDecoder()
    const deframer = new Deframer(decoder)
    deframer.push(text.encode('abc'))
    expect(deframer.next()).toBeUndefined()
    deframer.push(text.encode('\nd'))
    // 5 bytes buffered, the retry waits for 6 (twice the 3 bytes already tried)
    expect(deframer.next()).toBeUndefined()
    expect(utf8.decode(deframer.end())).toBe('abc')
    expect(utf8.decode(deframer.end())).toBe('d')
    expect(deframer.end()).toBeUndefined()
    expect(decoder.finishes).toBe(1)
  })

  it('calls finish once with no bytes when input ends on a boundary', () => {
    const seen: number[] = []
    const decoder: FrameDecoder<string> = {
      decode: (bytes) => ({ frame: `x${bytes[0]}`, consumed: 1 }),
      finish: (remaining) => {
        seen.push(remaining.length)
        return 'trailer'
      },
    }
    expect([...decodeFrames([Uint8Array.of(1, 2)], decoder)]).toEqual(['x1', 'x2', 'trailer'])
    expect(seen).toEqual([0])
  })

  it('throws TruncatedInputError when bytes remain at the end', () => {
    const deframer = new Deframer(new LengthPrefixedDecoder())
    deframer.push(Uint8Array.of(0, 0, 0, 5, 1, 2))
    expect(deframer.next()).toBeUndefined()
    expect(() => deframer.end()).toThrow(TruncatedInputError)
    const unhinted = new Deframer<Uint8Array>({ decode: () => NEED_MORE })
    unhinted.push(Uint8Array.of(1))
    expect(() => unhinted.end()).toThrow(/could not turn into a frame/)
  })

  it('rejects push after end()', () => {
    const deframer = new Deframer(new LengthPrefixedDecoder())
    deframer.end()
    expect(() => deframer.push(Uint8Array.of(1))).toThrow(InvalidArgumentError)
  })

  it('caps unhinted buffering at maxBufferedBytes with FrameTooLargeError', () => {
    const deframer = new Deframer(newlineDecoder(), { maxBufferedBytes: 1000 })
    let error: unknown
    try {
      for (let i = 0; i < 100; i++) {
        deframer.push(new Uint8Array(64).fill(0x61))
        deframer.next()
      }
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(FrameTooLargeError)
    expect((error as FrameTooLargeError).limit).toBe(1000)
    expect(deframer.buffered).toBeLessThan(1000 + 64)
  })

  it('trusts a needed hint beyond maxBufferedBytes (the decoder owns its limit)', () => {
    const input = encodeAll([new Uint8Array(5000).fill(1)])
    const frames = [...decodeFrames([input.subarray(0, 10), input.subarray(10)], new LengthPrefixedDecoder(), { maxBufferedBytes: 100 })]
    expect(frames.map((frame) => frame.length)).toEqual([5000])
  })

  it('rejects bad options with InvalidArgumentError', () => {
    expect(() => new Deframer(new LengthPrefixedDecoder(), { maxBufferedBytes: 0 })).toThrow(InvalidArgumentError)
    expect(() => new Deframer(new LengthPrefixedDecoder(), { maxBufferedBytes: 1.5 })).toThrow(InvalidArgumentError)
    expect(() => new Deframer(new LengthPrefixedDecoder(), { alignment: 3 })).toThrow(InvalidArgumentError)
    expect(() => new Deframer({} as FrameDecoder<Uint8Array>)).toThrow(InvalidArgumentError)
    expect(() => new Deframer(new LengthPrefixedDecoder()).push([1, 2] as unknown as Uint8Array)).toThrow(InvalidArgumentError)
  })

  it('joins chunks that continue each other in memory, so a frame across them is a view', () => {
    const payload = new Uint8Array(100).map((_, i) => i)
    const input = encodeAll([payload, payload])
    const frames = [...decodeFrames([input.subarray(0, 30), input.subarray(30, 150), input.subarray(150)], new LengthPrefixedDecoder())]
    expect(frames).toEqual([payload, payload])
    expect(frames.every((frame) => frame.buffer === input.buffer)).toBe(true)
    expect(frames.map((frame) => frame.byteOffset - input.byteOffset)).toEqual([4, 108])
  })

  it('uses the given allocator for the spanning copy', () => {
    const sizes: number[] = []
    const allocator = {
      alloc(byteLength: number) {
        sizes.push(byteLength)
        return new Uint8Array(byteLength)
      },
    }
    const input = encodeAll([new Uint8Array(10)])
    const frames = [...decodeFrames(splitAt(input, 6), new LengthPrefixedDecoder(), { allocator })]
    expect(frames).toEqual([new Uint8Array(10)])
    expect(sizes).toEqual([14])
  })
})

describe('Deframer against misbehaving decoders', () => {
  const cases: [string, FrameDecoder<unknown>, RegExp][] = [
    ['consumed 0', { decode: () => ({ frame: 1, consumed: 0 }) }, /consumed=0/],
    ['consumed negative', { decode: () => ({ frame: 1, consumed: -1 }) }, /consumed=-1/],
    ['consumed beyond the input', { decode: (bytes) => ({ frame: 1, consumed: bytes.length + 1 }) }, /consumed=4/],
    ['consumed not an integer', { decode: () => ({ frame: 1, consumed: 0.5 }) }, /consumed=0.5/],
    ['consumed NaN', { decode: () => ({ frame: 1, consumed: Number.NaN }) }, /consumed=NaN/],
    ['needed not above the input', { decode: (bytes) => ({ needMore: true, needed: bytes.length }) }, /needed=3/],
    ['needed NaN', { decode: () => ({ needMore: true, needed: Number.NaN }) }, /needed=NaN/],
    ['a result of undefined', { decode: () => undefined as never }, /returned undefined/],
  ]
  for (const [name, decoder, message] of cases) {
    it(`${name} → InvalidFrameError, not a hang`, async () => {
      const input = Uint8Array.of(1, 2, 3)
      expect(() => [...decodeFrames([input], decoder)]).toThrow(InvalidFrameError)
      expect(() => [...decodeFrames([input], decoder)]).toThrow(message)
      const run = async (): Promise<unknown[]> => {
        const out: unknown[] = []
        for await (const frame of decodeFrames((async function* () { yield input })(), decoder)) out.push(frame)
        return out
      }
      await expect(run()).rejects.toBeInstanceOf(InvalidFrameError)
    })
  }

  it('lets a decoder error through untouched', () => {
    const boom = new InvalidFrameError('bad magic')
    const decoder: FrameDecoder<never> = {
      decode: () => {
        throw boom
      },
    }
    expect(() => [...decodeFrames(Uint8Array.of(1), decoder)]).toThrow(boom)
  })

  it('works with decoders returning frames of any type, decoded across chunk edges', () => {
    const words: FrameDecoder<string> = {
      decode(bytes) {
        const space = bytes.indexOf(32)
        if (space < 0) return NEED_MORE
        return { frame: utf8.decode(bytes.subarray(0, space)), consumed: space + 1 }
      },
    }
    const input = text.encode('one two three ')
    const chunks = [input.subarray(0, 2), input.subarray(2, 9), input.subarray(9)]
    expect([...decodeFrames(chunks, words)]).toEqual(['one', 'two', 'three'])
    expect([...decodeFrames(concat(input), words)]).toEqual(['one', 'two', 'three'])
  })
})
