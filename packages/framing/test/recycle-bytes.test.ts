import { InvalidArgumentError } from '@lightstream/core'
import { LengthPrefixedDecoder, decodeFrames, decodeFramesAsync, recycleBytes, type ByteRecycler } from '@lightstream/framing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** 4-byte LE length prefix then `n` bytes of `fill`. */
function frame(n: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(4 + n).fill(fill, 4)
  new DataView(bytes.buffer).setUint32(0, n, true)
  return bytes
}

/** An async source over `chunks` whose iterator records every `[recycleBytes]` call. */
function recordingSource(chunks: readonly Uint8Array[]): { source: AsyncIterable<Uint8Array>; calls: number[]; taken: () => number } {
  const calls: number[] = []
  let at = 0
  let taken = 0
  const iterator: AsyncIterator<Uint8Array> & ByteRecycler = {
    async next() {
      if (at === chunks.length) return { done: true, value: undefined }
      const chunk = chunks[at++]!
      taken += chunk.length
      return { done: false, value: chunk }
    },
    [recycleBytes](count: number) {
      calls.push(count)
    },
  }
  return { source: { [Symbol.asyncIterator]: () => iterator }, calls, taken: () => taken }
}

const decoder = (): LengthPrefixedDecoder => new LengthPrefixedDecoder({ width: 4, endian: 'le' })

describe('decodeFramesAsync { recycle }', () => {
  it('offers back the bytes of every frame handed out, each time the next frame is asked for', async () => {
    const bytes = new Uint8Array([...frame(3, 1), ...frame(10, 2), ...frame(0, 0), ...frame(5, 3)]) // ends 7, 21, 25, 34
    const { source, calls } = recordingSource([bytes.subarray(0, 9), bytes.subarray(9, 30), bytes.subarray(30)])
    const seen: Array<[number, number[]]> = []
    for await (const f of decodeFramesAsync(source, decoder(), { recycle: true })) seen.push([f.length, [...calls]])
    // While a frame is being looked at, only the frames before it were offered back.
    expect(seen).toEqual([
      [3, []],
      [10, [7]],
      [0, [7, 21]],
      [5, [7, 21, 25]],
    ])
    expect(calls).toEqual([7, 21, 25, 34])
  })

  it('never offers back bytes the deframer still holds, at any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        async (payloads, cuts) => {
          const parts = payloads.map((n, i) => frame(n, i & 255))
          const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
          const ends: number[] = []
          let at = 0
          for (const p of parts) bytes.set(p, at), (at += p.length), ends.push(at)
          const chunks: Uint8Array[] = []
          for (let k = 0, from = 0; from < bytes.length; k++) {
            const to = Math.min(bytes.length, from + cuts[k % cuts.length]!)
            chunks.push(bytes.subarray(from, to))
            from = to
          }
          const { source, calls } = recordingSource(chunks)
          let i = 0
          for await (const f of decodeFramesAsync(source, decoder(), { recycle: true })) {
            expect(f).toEqual(new Uint8Array(payloads[i]!).fill(i & 255))
            // Offered back: exactly the frames before this one, once each.
            expect(calls.length).toBe(i)
            if (i > 0) expect(calls[i - 1]).toBe(ends[i - 1])
            i++
          }
          expect(i).toBe(payloads.length)
          for (let k = 1; k < calls.length; k++) expect(calls[k]!).toBeGreaterThanOrEqual(calls[k - 1]!)
          expect(calls[calls.length - 1]).toBe(bytes.length) // after the last frame, everything
        },
      ),
      { numRuns: 100, seed: 11 },
    )
  })

  it('offers nothing without the option, and leaves sources without the capability alone', async () => {
    const bytes = new Uint8Array([...frame(4, 7), ...frame(2, 8)])
    const { source, calls } = recordingSource([bytes])
    const frames: number[] = []
    for await (const f of decodeFramesAsync(source, decoder())) frames.push(f.length)
    expect(frames).toEqual([4, 2])
    expect(calls).toEqual([])
    const plain = (async function* () {
      yield bytes.subarray(0, 5)
      yield bytes.subarray(5)
    })()
    const out: number[] = []
    for await (const f of decodeFrames(plain, decoder(), { recycle: true })) out.push(f[0]!)
    expect(out).toEqual([7, 8])
  })

  it('refuses a recycle option that is not a boolean', () => {
    expect(() => decodeFramesAsync([], decoder(), { recycle: 'yes' as never })).toThrow(InvalidArgumentError)
  })
})
