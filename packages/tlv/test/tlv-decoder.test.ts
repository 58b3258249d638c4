import { describe, expect, it } from 'vitest'
import { ErrorCode, FrameTooLargeError, InvalidArgumentError, TruncatedInputError, isNeedMore } from '@lightstream/core'
import { DEFAULT_MAX_TLV_PAYLOAD, TlvDecoder, type TlvFrame } from '@lightstream/tlv'
import { LAYOUTS, layoutName } from './support'

function decoded(result: ReturnType<TlvDecoder['decode']>): { frame: TlvFrame; consumed: number } {
  if (isNeedMore(result)) throw new Error('expected a frame, got NeedMore')
  return result
}

describe('TlvDecoder', () => {
  it('decodes tag 7 + "hi" from the start of the input and reports the bytes it used', () => {
    const input = Uint8Array.of(7, 2, 0, 0, 0, 0x68, 0x69, 99, 99)
    const { frame, consumed } = decoded(new TlvDecoder().decode(input))
    expect(frame.tag).toBe(7)
    expect(Array.from(frame.payload)).toEqual([0x68, 0x69])
    expect(consumed).toBe(7)
  })

  it('returns the payload as a view of the input (same ArrayBuffer, no copy)', () => {
    const input = Uint8Array.of(0, 0, 1, 3, 0, 0, 0, 10, 20, 30).subarray(2)
    const { frame } = decoded(new TlvDecoder().decode(input))
    expect(frame.payload.buffer).toBe(input.buffer)
    expect(frame.payload.byteOffset).toBe(input.byteOffset + 5)
    input[5] = 11
    expect(frame.payload[0]).toBe(11)
  })

  it('asks for the header size before the header is complete, then for the whole frame', () => {
    const decoder = new TlvDecoder()
    for (const n of [0, 1, 4]) expect(decoder.decode(Uint8Array.of(7, 2, 0, 0, 0).subarray(0, n))).toEqual({ needMore: true, needed: 5 })
    expect(decoder.decode(Uint8Array.of(7, 2, 0, 0, 0))).toEqual({ needMore: true, needed: 7 })
    expect(decoder.decode(Uint8Array.of(7, 2, 0, 0, 0, 0x68))).toEqual({ needMore: true, needed: 7 })
  })

  for (const layout of LAYOUTS) {
    it(`hints header then frame size (${layoutName(layout)})`, () => {
      const decoder = new TlvDecoder(layout)
      const header = layout.tagWidth + layout.lengthWidth
      expect(decoder.headerSize).toBe(header)
      const bytes = new Uint8Array(header + 3)
      bytes[layout.tagWidth] = 3 // length 3, little-endian
      expect(decoder.decode(bytes.subarray(0, header - 1))).toEqual({ needMore: true, needed: header })
      expect(decoder.decode(bytes.subarray(0, header))).toEqual({ needMore: true, needed: header + 3 })
      const { frame, consumed } = decoded(decoder.decode(bytes))
      expect(consumed).toBe(header + 3)
      expect(frame.payload.length).toBe(3)
    })
  }

  describe('limits', () => {
    it('defaults to a 64 MiB payload limit', () => {
      expect(DEFAULT_MAX_TLV_PAYLOAD).toBe(64 * 1024 * 1024)
      expect(new TlvDecoder().maxPayloadLength).toBe(DEFAULT_MAX_TLV_PAYLOAD)
      // Exactly the limit is fine: the decoder just asks for the frame.
      const atLimit = Uint8Array.of(1, 0, 0, 0, 4)
      expect(new TlvDecoder().decode(atLimit)).toEqual({ needMore: true, needed: 5 + DEFAULT_MAX_TLV_PAYLOAD })
    })

    it('throws FrameTooLargeError from the header alone, before any payload byte', () => {
      const decoder = new TlvDecoder({ maxPayloadLength: 100 })
      const err = catchError(() => decoder.decode(Uint8Array.of(3, 101, 0, 0, 0)))
      expect(err).toBeInstanceOf(FrameTooLargeError)
      expect(err).toMatchObject({ code: ErrorCode.FrameTooLarge, size: 101, limit: 100 })
      expect((err as Error).message).toMatch(/tag 3.*101-byte payload.*100-byte limit/)
    })

    it('reads a 4-byte length with the top bit set as unsigned (2^31, not negative)', () => {
      const err = catchError(() => new TlvDecoder().decode(Uint8Array.of(1, 0, 0, 0, 0x80)))
      expect(err).toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', size: 2 ** 31 })
      const max = catchError(() => new TlvDecoder().decode(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff)))
      expect(max).toMatchObject({ size: 2 ** 32 - 1, limit: DEFAULT_MAX_TLV_PAYLOAD })
    })

    it('rejects 8-byte lengths beyond Number.MAX_SAFE_INTEGER even with the largest limit', () => {
      const decoder = new TlvDecoder({ lengthWidth: 8, maxPayloadLength: Number.MAX_SAFE_INTEGER })
      expect(decoder.maxPayloadLength).toBe(Number.MAX_SAFE_INTEGER - 9) // header + payload stays a safe integer
      const beyond = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0x20, 0) // 2^53
      const err = catchError(() => decoder.decode(beyond))
      expect(err).toBeInstanceOf(FrameTooLargeError)
      expect((err as Error).message).toMatch(/beyond Number.MAX_SAFE_INTEGER/)
      const top = Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
      expect(catchError(() => decoder.decode(top))).toBeInstanceOf(FrameTooLargeError)
    })

    it('accepts a large 8-byte length under the limit and asks for exactly that many bytes', () => {
      const decoder = new TlvDecoder({ lengthWidth: 8, maxPayloadLength: 2 ** 40 })
      const header = Uint8Array.of(1, 0, 0, 0, 0, 0, 1, 0, 0) // 2^40
      expect(decoder.decode(header)).toEqual({ needMore: true, needed: 9 + 2 ** 40 })
    })

    it('lowers the limit to what a narrow length can express', () => {
      expect(new TlvDecoder({ lengthWidth: 1 }).maxPayloadLength).toBe(255)
      expect(new TlvDecoder({ lengthWidth: 2 }).maxPayloadLength).toBe(65535)
      expect(new TlvDecoder({ lengthWidth: 2, maxPayloadLength: 10 }).maxPayloadLength).toBe(10)
    })

    it('a zero limit allows only empty payloads', () => {
      const decoder = new TlvDecoder({ maxPayloadLength: 0 })
      expect(decoded(decoder.decode(Uint8Array.of(4, 0, 0, 0, 0))).frame.payload.length).toBe(0)
      expect(catchError(() => decoder.decode(Uint8Array.of(4, 1, 0, 0, 0)))).toBeInstanceOf(FrameTooLargeError)
    })
  })

  describe('finish', () => {
    it('returns undefined when nothing is left', () => {
      expect(new TlvDecoder().finish(new Uint8Array(0))).toBeUndefined()
    })

    it('throws TruncatedInputError saying where the input stopped', () => {
      const inHeader = catchError(() => new TlvDecoder().finish(Uint8Array.of(7, 2)))
      expect(inHeader).toBeInstanceOf(TruncatedInputError)
      expect((inHeader as Error).message).toMatch(/inside a TLV header: 2 of 5 bytes/)
      const inPayload = catchError(() => new TlvDecoder().finish(Uint8Array.of(7, 2, 0, 0, 0, 0x68)))
      expect(inPayload).toMatchObject({ code: 'ERR_TRUNCATED' })
      expect((inPayload as Error).message).toMatch(/tag 7: 1 of 2 payload bytes/)
    })
  })

  describe('bad arguments', () => {
    it.each([
      [{ tagWidth: 3 }, /tagWidth/],
      [{ lengthWidth: 16 }, /lengthWidth/],
      [{ maxPayloadLength: -1 }, /maxPayloadLength/],
      [{ maxPayloadLength: 1.5 }, /maxPayloadLength/],
      [{ maxPayloadLength: 2 ** 60 }, /maxPayloadLength/],
      [{ maxPayloadLength: '10' }, /maxPayloadLength/],
    ])('rejects options %o with InvalidArgumentError', (options, message) => {
      const err = catchError(() => new TlvDecoder(options as never))
      expect(err).toBeInstanceOf(InvalidArgumentError)
      expect((err as Error).message).toMatch(message)
    })

    it('rejects input that is not a Uint8Array', () => {
      const err = catchError(() => new TlvDecoder().decode([7, 0, 0, 0, 0] as never))
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    })
  })
})

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}
