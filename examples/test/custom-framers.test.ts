import { describe, expect, it } from 'vitest'
import { decodeFrames, encodeFrames } from '@lightstream/framing'
import { checkFrameDecoder } from '@lightstream/framing/testing'
import { NdjsonDecoder, NdjsonEncoder } from '../custom-framer/ndjson-framer'
import { U16LengthDecoder, U16LengthEncoder } from '../custom-framer/u16-length-framer'

// A third party tests its own framer with the library's conformance kit: every split, 1-byte and random
// chunkings, sync and async drivers.
const join = (parts: Iterable<Uint8Array>): Uint8Array => {
  const list = [...parts]
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of list) {
    out.set(part, at)
    at += part.length
  }
  return out
}

describe('the example NDJSON framer', () => {
  const values = [{ a: 1 }, 'text with a\nnewline', [1, 2, 3], null, { nested: { deep: true } }, 42]

  it('passes the conformance kit', async () => {
    const input = join(encodeFrames(values, new NdjsonEncoder()))
    const report = await checkFrameDecoder({ createDecoder: () => new NdjsonDecoder(), input, expected: values })
    expect(report.frames).toBe(values.length)
  })

  it('decodes a last line without a newline, and rejects a bad line with InvalidFrameError', async () => {
    const input = new TextEncoder().encode('1\n2')
    await checkFrameDecoder({ createDecoder: () => new NdjsonDecoder(), input, expected: [1, 2] })
    const bad = new TextEncoder().encode('1\n{oops\n')
    await checkFrameDecoder({ createDecoder: () => new NdjsonDecoder(), input: bad, expectErrorCode: 'ERR_INVALID_FRAME' })
  })

  it('bounds a line without a newline by maxLineLength', () => {
    const long = new Uint8Array(100).fill(0x31) // "111…" and no newline
    expect(() => [...decodeFrames([long.subarray(0, 50), long.subarray(50)], new NdjsonDecoder({ maxLineLength: 64 }))]).toThrow(
      expect.objectContaining({ code: 'ERR_FRAME_TOO_LARGE' }),
    )
  })
})

describe('the example 2-byte length framer', () => {
  const packets = [Uint8Array.of(1, 2, 3), new Uint8Array(0), new Uint8Array(300).fill(7)]

  it('passes the conformance kit', async () => {
    const input = join(encodeFrames(packets, new U16LengthEncoder()))
    expect(Array.from(input.subarray(0, 5))).toEqual([0, 3, 1, 2, 3])
    const report = await checkFrameDecoder({ createDecoder: () => new U16LengthDecoder(), input, expected: packets })
    expect(report.frames).toBe(3)
  })

  it('reports truncation at every chunking and refuses packets over 65535 bytes', async () => {
    await checkFrameDecoder({ createDecoder: () => new U16LengthDecoder(), input: Uint8Array.of(0, 3, 1), expectErrorCode: 'ERR_TRUNCATED' })
    expect(() => new U16LengthEncoder().encode(new Uint8Array(65536))).toThrow(expect.objectContaining({ code: 'ERR_FRAME_TOO_LARGE' }))
  })
})
