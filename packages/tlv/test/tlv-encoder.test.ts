import { describe, expect, it } from 'vitest'
import { FrameTooLargeError, InvalidArgumentError } from '@lightstream/core'
import { TlvEncoder } from '@lightstream/tlv'
import { ascii } from './support'

describe('TlvEncoder', () => {
  it('emits a fresh header and the payload itself, whatever the stream position', () => {
    const payload = ascii('hello')
    const encoder = new TlvEncoder()
    const first = encoder.encode({ tag: 1, payload }, 0)
    const later = encoder.encode({ tag: 1, payload }, 12345)
    expect(Array.from(first[0]!)).toEqual([1, 5, 0, 0, 0])
    expect(Array.from(later[0]!)).toEqual([1, 5, 0, 0, 0])
    expect(first[0]).not.toBe(later[0]) // headers are not shared between frames
    expect(first[1]).toBe(payload)
    expect(later[1]).toBe(payload)
  })

  it('keeps a payload view as the same view (offset and buffer untouched)', () => {
    const backing = new Uint8Array(100).map((_, i) => i)
    const view = backing.subarray(10, 20)
    const [, part] = new TlvEncoder().encode({ tag: 9, payload: view }, 0)
    expect(part).toBe(view)
    expect(part!.buffer).toBe(backing.buffer)
  })

  it('exposes its layout', () => {
    const encoder = new TlvEncoder({ tagWidth: 2, lengthWidth: 8, maxPayloadLength: 1000 })
    expect([encoder.tagWidth, encoder.lengthWidth, encoder.headerSize, encoder.maxPayloadLength]).toEqual([2, 8, 10, 1000])
  })

  it('accepts the largest tag of each width and rejects one more', () => {
    for (const [tagWidth, max] of [[1, 255], [2, 65535], [4, 2 ** 32 - 1]] as const) {
      const encoder = new TlvEncoder({ tagWidth })
      expect(encoder.encode({ tag: max, payload: new Uint8Array(0) }, 0)[0]!.subarray(0, tagWidth).every((b) => b === 255)).toBe(true)
      expect(() => encoder.encode({ tag: max + 1, payload: new Uint8Array(0) }, 0)).toThrow(InvalidArgumentError)
    }
  })

  it.each([
    [{ tag: -1, payload: new Uint8Array(0) }, /tag/],
    [{ tag: 1.5, payload: new Uint8Array(0) }, /tag/],
    [{ tag: Number.NaN, payload: new Uint8Array(0) }, /tag/],
    [{ tag: '7', payload: new Uint8Array(0) }, /tag/],
    [{ tag: 7, payload: [1, 2] }, /payload/],
    [{ tag: 7 }, /payload/],
    [null, /frame/],
    ['frame', /frame/],
  ])('rejects %o with InvalidArgumentError', (frame, message) => {
    expect(() => new TlvEncoder().encode(frame as never, 0)).toThrow(InvalidArgumentError)
    expect(() => new TlvEncoder().encode(frame as never, 0)).toThrow(message)
  })

  it('rejects a payload over the limit with FrameTooLargeError carrying size and limit', () => {
    const encoder = new TlvEncoder({ maxPayloadLength: 4 })
    expect(encoder.encode({ tag: 1, payload: new Uint8Array(4) }, 0)).toHaveLength(2)
    let error: unknown
    try {
      encoder.encode({ tag: 1, payload: new Uint8Array(5) }, 0)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(FrameTooLargeError)
    expect(error).toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', size: 5, limit: 4 })
  })

  it('caps payloads at what the length width can express', () => {
    const encoder = new TlvEncoder({ lengthWidth: 1 })
    expect(Array.from(encoder.encode({ tag: 1, payload: new Uint8Array(255) }, 0)[0]!)).toEqual([1, 255])
    expect(() => encoder.encode({ tag: 1, payload: new Uint8Array(256) }, 0)).toThrow(FrameTooLargeError)
  })
})
