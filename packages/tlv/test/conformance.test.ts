import { describe, expect, it } from 'vitest'
import { TlvDecoder, encodeTlv, type TlvFrame } from '@lightstream/tlv'
import { checkFrameDecoder } from '@lightstream/framing/testing'
import { LAYOUTS, layoutName, referenceEncode } from './support'

/** A mixed stream for a layout: empty payloads, the largest tag, a payload longer than the header. */
function sampleFrames(tagWidth: number, lengthWidth: number): TlvFrame[] {
  const maxTag = 2 ** (8 * tagWidth) - 1
  const long = new Uint8Array(lengthWidth === 1 ? 255 : 300).map((_, i) => (i * 7) & 0xff)
  return [
    { tag: 1, payload: Uint8Array.of(0x68, 0x69) },
    { tag: 0, payload: new Uint8Array(0) },
    { tag: maxTag, payload: Uint8Array.of(0xff) },
    { tag: 255, payload: new Uint8Array(0) },
    { tag: 42, payload: long },
    { tag: maxTag, payload: new Uint8Array(0) },
  ]
}

describe('TlvDecoder under the framing conformance kit (every split, 1-byte and random chunking, sync + async)', () => {
  for (const layout of LAYOUTS) {
    describe(layoutName(layout), () => {
      const frames = sampleFrames(layout.tagWidth, layout.lengthWidth)
      const input = referenceEncode(frames, layout)

      it('decodes a multi-frame stream identically at every chunking', async () => {
        const report = await checkFrameDecoder({ createDecoder: () => new TlvDecoder(layout), input, expected: frames })
        expect(report.frames).toBe(frames.length)
        expect(report.runs).toBeGreaterThan(input.length) // at least every two-way split was tried
      })

      it('decodes zero frames from empty input', async () => {
        const report = await checkFrameDecoder({
          createDecoder: () => new TlvDecoder(layout),
          input: new Uint8Array(0),
          expected: [],
        })
        expect(report.frames).toBe(0)
      })

      it('reports TruncatedInputError for input cut inside the last header or payload', async () => {
        const header = layout.tagWidth + layout.lengthWidth
        // The stream ends with an empty-payload frame (header only), preceded by a long payload.
        for (const cut of [1, header - 1, header + 1, input.length - 1]) {
          await checkFrameDecoder({
            createDecoder: () => new TlvDecoder(layout),
            input: input.subarray(0, input.length - cut),
            expectErrorCode: 'ERR_TRUNCATED',
            randomRuns: 10,
          })
        }
      })

      it('reports FrameTooLargeError for a frame over the limit', async () => {
        await checkFrameDecoder({
          createDecoder: () => new TlvDecoder({ ...layout, maxPayloadLength: 254 }),
          input,
          expectErrorCode: 'ERR_FRAME_TOO_LARGE',
          randomRuns: 10,
        })
      })
    })
  }

  it('agrees with encodeTlv for the default layout (the kit replays our own encoder output too)', async () => {
    const frames = sampleFrames(1, 4)
    const report = await checkFrameDecoder({ createDecoder: () => new TlvDecoder(), input: encodeTlv(frames), expected: frames })
    expect(report.frames).toBe(6)
  })
})
