import { Deframer, LengthPrefixedDecoder, decodeFrames, reserveFrame, type FrameReserver } from '@lightstream/framing'
import { TruncatedInputError } from '@lightstream/core'
import { describe, expect, it } from 'vitest'

/** 4-byte LE length prefix then `n` bytes of `fill`. */
function frame(n: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(4 + n).fill(fill, 4)
  new DataView(bytes.buffer).setUint32(0, n, true)
  return bytes
}

describe('Deframer.offerPartial and reserveFrame', () => {
  it('merges chunks that continue each other in memory into one view (no copy)', () => {
    const memory = frame(10, 7)
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 4, endian: 'le' }))
    deframer.push(memory.subarray(0, 6))
    expect(deframer.next()).toBeUndefined()
    deframer.push(memory.subarray(6, 11))
    expect(deframer.next()).toBeUndefined()
    deframer.push(memory.subarray(11))
    const out = deframer.next()!
    expect(out).toEqual(new Uint8Array(10).fill(7))
    expect(out.buffer).toBe(memory.buffer) // a view of the caller's memory
    expect(deframer.copies).toBe(0)
  })

  it('hands a hinted partial frame back to a source that promises to re-deliver it', () => {
    const bytes = frame(20, 3)
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 4, endian: 'le' }))
    deframer.push(bytes.slice(0, 9))
    expect(deframer.next()).toBeUndefined()
    const calls: Array<[number, number]> = []
    expect(deframer.offerPartial((held, needed) => (calls.push([held.length, needed]), false))).toBe(false)
    expect(deframer.buffered).toBe(9) // refused: nothing changes
    expect(deframer.offerPartial((held, needed) => (calls.push([held.length, needed]), true))).toBe(true)
    expect(calls).toEqual([[9, 24], [9, 24]])
    expect(deframer.buffered).toBe(0)
    deframer.push(bytes.slice()) // the source's promise: the frame's start again, then the rest
    expect(deframer.next()).toEqual(new Uint8Array(20).fill(3))
    expect(deframer.end()).toBeUndefined()
  })

  it('offers nothing without a needed hint, when the frame is complete, or after end()', () => {
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 4, endian: 'le' }))
    let called = 0
    const reserve = (): boolean => (called++, true)
    expect(deframer.offerPartial(reserve)).toBe(false) // nothing held
    deframer.push(Uint8Array.of(5, 0)) // not even the prefix: the decoder hints 4 bytes, more than held
    expect(deframer.next()).toBeUndefined()
    expect(() => deframer.end()).toThrow(TruncatedInputError)
    expect(deframer.offerPartial(reserve)).toBe(false)
    expect(called).toBe(0)
  })

  it('decodeFrames calls the source iterator’s [reserveFrame] between reads and decodes the re-delivered frame', async () => {
    const whole = new Uint8Array([...frame(3, 1), ...frame(30, 2), ...frame(2, 9)])
    const reads = [whole.slice(0, 12), whole.slice(12, 30), whole.slice(30)]
    const asked: Array<[number, number]> = []
    let replay: Uint8Array | undefined
    const iterator: AsyncIterator<Uint8Array> & FrameReserver = {
      async next() {
        const chunk = reads.shift()
        if (chunk === undefined) return { done: true, value: undefined }
        if (replay === undefined) return { done: false, value: chunk }
        const merged = new Uint8Array([...replay, ...chunk])
        replay = undefined
        return { done: false, value: merged }
      },
      [reserveFrame](held: Uint8Array, needed: number) {
        asked.push([held.length, needed])
        replay = held.slice()
        return true
      },
    }
    const frames: number[][] = []
    for await (const f of decodeFrames({ [Symbol.asyncIterator]: () => iterator }, new LengthPrefixedDecoder({ width: 4, endian: 'le' }))) {
      frames.push([f.length, f[0]!])
    }
    expect(frames).toEqual([[3, 1], [30, 2], [2, 9]])
    expect(asked).toEqual([[5, 34], [23, 34]])
  })
})
