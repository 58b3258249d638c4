import { describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { FrameTooLargeError, IpcFormatError, field, int32, isNeedMore, schema, type DecodeResult } from '@lightstream/core'
import { checkFrameDecoder } from '@lightstream/framing/testing'
import { IpcMessageDecoder, type IpcFrame } from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'
import { EOS, LEGACY_EOS, batchMessage, bits, concat, i32, schemaMessage } from './craft-stream'

const s = schema([field('x', int32())])
const batch = batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 1 }], buffers: [bits(1, 0, 1), i32(1, 2, 3)] })

function frames(bytes: Uint8Array, decoder = new IpcMessageDecoder()): IpcFrame[] {
  const out: IpcFrame[] = []
  for (let pos = 0; pos < bytes.length;) {
    const r = decoder.decode(bytes.subarray(pos))
    if (isNeedMore(r)) throw new Error('truncated')
    out.push(r.frame)
    pos += r.consumed
  }
  return out
}

describe('IpcMessageDecoder', () => {
  it('splits a stream into messages whose bodies are views of the input', () => {
    const bytes = concat([schemaMessage(s), batch, EOS])
    const out = frames(bytes)
    expect(out.map((f) => (f.type === 'message' ? f.metadata.header.type : f.type))).toEqual(['schema', 'recordBatch', 'endOfStream'])
    const m = out[1]!
    if (m.type !== 'message') throw new Error('not a message')
    expect(m.legacy).toBe(false)
    expect(m.body.buffer).toBe(bytes.buffer) // zero copy
    expect(m.body.length).toBe(m.metadata.bodyLength)
    expect(m.metadataLength % 8).toBe(0)
  })

  it('reads the legacy framing (no continuation marker) and both end markers', () => {
    const legacy = concat([schemaMessage(s, { legacy: true }), batchMessage({ length: 0, nodes: [{ length: 0, nullCount: 0 }], buffers: [new Uint8Array(0), new Uint8Array(0)] }, { legacy: true }), LEGACY_EOS])
    const out = frames(legacy)
    expect(out.map((f) => f.type)).toEqual(['message', 'message', 'endOfStream'])
    expect(out.every((f) => f.legacy)).toBe(true)
    const d = new IpcMessageDecoder()
    expect(d.decode(EOS)).toEqual({ frame: { type: 'endOfStream', legacy: false }, consumed: 8 })
    expect(d.decode(LEGACY_EOS)).toEqual({ frame: { type: 'endOfStream', legacy: true }, consumed: 4 })
  })

  it('says how many bytes it needs: the prefix, then the metadata, then the whole message', () => {
    const d = new IpcMessageDecoder()
    const need = (r: DecodeResult<IpcFrame>): number | undefined => (isNeedMore(r) ? r.needed : -1)
    const metadataEnd = 8 + new DataView(batch.buffer).getInt32(4, true)
    expect(need(d.decode(batch.subarray(0, 2)))).toBe(4)
    expect(need(d.decode(batch.subarray(0, 5)))).toBe(8)
    expect(need(d.decode(batch.subarray(0, 8)))).toBe(metadataEnd)
    expect(need(d.decode(batch.subarray(0, metadataEnd)))).toBe(batch.length)
    expect(need(d.decode(batch.subarray(0, batch.length - 1)))).toBe(batch.length)
  })

  it('checks the limits from the prefix and the metadata, before the bytes arrive', () => {
    const meta = new DataView(batch.buffer).getInt32(4, true)
    expect(() => new IpcMessageDecoder({ maxMetadataBytes: meta - 1 }).decode(batch.subarray(0, 8))).toThrow(FrameTooLargeError)
    const metadataEnd = 8 + meta
    try {
      new IpcMessageDecoder({ maxMessageBytes: 8 }).decode(batch.subarray(0, metadataEnd))
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(FrameTooLargeError)
      expect((e as FrameTooLargeError).limit).toBe(8)
      expect((e as FrameTooLargeError).size).toBe(batch.length - metadataEnd)
    }
    // A hostile 2 GiB length is refused from 8 bytes, nothing buffered.
    const hostile = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
    expect(() => new IpcMessageDecoder().decode(hostile)).toThrow(FrameTooLargeError)
    expect(() => new IpcMessageDecoder({ maxMetadataBytes: -1 })).toThrow(/maxMetadataBytes/)
  })

  it('frameLength: the message length from its prefix and metadata, before the body; bad bytes answer their own length', () => {
    const decoder = new IpcMessageDecoder()
    const metadataEnd = 8 + new DataView(batch.buffer).getInt32(4, true)
    for (let k = 0; k < metadataEnd; k++) expect(decoder.frameLength(batch.subarray(0, k))).toBeUndefined()
    for (const k of [metadataEnd, metadataEnd + 1, batch.length]) expect(decoder.frameLength(batch.subarray(0, k))).toBe(batch.length)
    expect(decoder.frameLength(EOS)).toBe(8)
    expect(decoder.frameLength(LEGACY_EOS)).toBe(4)
    // Over a limit, a negative length, the file magic, a bad flatbuffer: whatever is there goes to decode, which throws.
    const hostile = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
    expect(decoder.frameLength(hostile)).toBe(8)
    expect(new IpcMessageDecoder({ maxMessageBytes: 8 }).frameLength(batch)).toBe(batch.length) // = bytes.length, body over the limit
    expect(new IpcMessageDecoder({ maxMessageBytes: 8 }).frameLength(batch.subarray(0, metadataEnd))).toBe(metadataEnd)
    expect(decoder.frameLength(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff))).toBe(8)
    expect(decoder.frameLength(new TextEncoder().encode('ARROW1\0\0'))).toBe(8)
    const garbage = concat([Uint8Array.of(0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0), new Uint8Array(16).fill(0x41)])
    expect(decoder.frameLength(garbage)).toBe(garbage.length)
  })

  it('refuses a negative metadata length and a bad flatbuffer with IpcFormatError', () => {
    expect(() => new IpcMessageDecoder().decode(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff))).toThrow(IpcFormatError)
    expect(() => new IpcMessageDecoder().decode(Uint8Array.of(0xf0, 0xff, 0xff, 0xff))).toThrow(IpcFormatError)
    const garbage = concat([Uint8Array.of(0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0), new Uint8Array(16).fill(0x41)])
    expect(() => new IpcMessageDecoder().decode(garbage)).toThrow(IpcFormatError)
  })

  it('passes the framing conformance kit (every split, 1-byte and random chunkings)', async () => {
    const input = concat([schemaMessage(s), batch, batch, EOS])
    const report = await checkFrameDecoder({ createDecoder: () => new IpcMessageDecoder(), input, expected: frames(input) })
    expect(report.frames).toBe(4)
    const legacy = concat([schemaMessage(s, { legacy: true }), batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 1 }], buffers: [bits(1, 0, 1), i32(1, 2, 3)] }, { legacy: true }), LEGACY_EOS])
    await checkFrameDecoder({ createDecoder: () => new IpcMessageDecoder(), input: legacy, expected: frames(legacy) })
  })

  it('ends with TruncatedInputError, under every chunking, when the input stops inside a message', async () => {
    const input = concat([schemaMessage(s), batch]).subarray(0, -3)
    await checkFrameDecoder({ createDecoder: () => new IpcMessageDecoder(), input, expectErrorCode: 'ERR_TRUNCATED', randomRuns: 10 })
  })

  it('ends with FrameTooLargeError, under every chunking, past a limit', async () => {
    const input = concat([schemaMessage(s), batch])
    await checkFrameDecoder({ createDecoder: () => new IpcMessageDecoder({ maxMessageBytes: 8 }), input, expectErrorCode: 'ERR_FRAME_TOO_LARGE', randomRuns: 10 })
  })
})

describeWithArrowTesting('IpcMessageDecoder on the integration streams', (dir) => {
  for (const producer of ['cpp-21.0.0', '0.14.1', '1.0.0-bigendian']) {
    // The big decimal files (250 KB) are left to the chunking tests of gold-files: this kit replays every run twice.
    for (const c of integrationCases(dir, producer).filter((k) => statSync(k.stream).size <= 64 * 1024)) {
      it(`${producer}/${c.name} under the conformance kit`, async () => {
        const input = readBytes(c.stream)
        await checkFrameDecoder({ createDecoder: () => new IpcMessageDecoder(), input, expected: frames(input), randomRuns: 5, everySplit: false })
      })
    }
  }
})
