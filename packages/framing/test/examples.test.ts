import {
  Deframer,
  FrameWriter,
  LengthPrefixedDecoder,
  LengthPrefixedEncoder,
  concatParts,
  createMemorySink,
  decodeFrames,
  encodeFrames,
  writeFrames,
} from '@lightstream/framing'
import { checkFrameDecoder } from '@lightstream/framing/testing'
import { describe, expect, it } from 'vitest'

describe('documented examples', () => {
  it('the package example (index.ts and README) prints hello, world', async () => {
    const logged: string[] = []
    const console = { log: (line: string) => logged.push(line) }

    const text = new TextEncoder()
    const sink = createMemorySink()
    await writeFrames([text.encode('hello'), text.encode('world')], new LengthPrefixedEncoder(), sink)

    const bytes = sink.bytes()
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7)] // any chunking decodes the same
    for (const frame of decodeFrames(chunks, new LengthPrefixedDecoder())) {
      console.log(new TextDecoder().decode(frame)) // 'hello', then 'world'
    }
    expect(logged).toEqual(['hello', 'world'])
  })

  it('the testing entry example', async () => {
    const report = await checkFrameDecoder({
      createDecoder: () => new LengthPrefixedDecoder({ width: 1 }),
      input: Uint8Array.of(2, 10, 11, 1, 12),
      expected: [Uint8Array.of(10, 11), Uint8Array.of(12)],
    })
    expect(report.frames).toBe(2)
    await checkFrameDecoder({
      createDecoder: () => new LengthPrefixedDecoder({ width: 1 }),
      input: Uint8Array.of(2, 10),
      expectErrorCode: 'ERR_TRUNCATED',
    })
  })

  it('the doc-comment examples', async () => {
    const deframer = new Deframer(new LengthPrefixedDecoder({ width: 1 }))
    deframer.push(Uint8Array.of(2, 7))
    expect(deframer.next()).toBeUndefined()
    deframer.push(Uint8Array.of(8))
    expect(deframer.next()).toEqual(Uint8Array.of(7, 8))
    expect(deframer.end()).toBeUndefined()

    const decoder = new LengthPrefixedDecoder({ width: 2, endian: 'le' })
    expect(decoder.decode(Uint8Array.of(2, 0, 9, 9, 5))).toEqual({ frame: Uint8Array.of(9, 9), consumed: 4 })
    expect(decoder.decode(Uint8Array.of(2, 0, 9))).toEqual({ needMore: true, needed: 4 })

    const parts = [...encodeFrames([Uint8Array.of(1, 2)], new LengthPrefixedEncoder({ width: 1 }))]
    expect(parts).toEqual([Uint8Array.of(2), Uint8Array.of(1, 2)])
    expect(concatParts([Uint8Array.of(1), Uint8Array.of(2, 3)])).toEqual(Uint8Array.of(1, 2, 3))
    expect(new LengthPrefixedEncoder({ width: 'varint' }).encode(new Uint8Array(300), 0)[0]).toEqual(Uint8Array.of(0xac, 0x02))

    const sink = createMemorySink()
    const writer = new FrameWriter(sink, new LengthPrefixedEncoder({ width: 1 }))
    await writer.write(Uint8Array.of(7, 8))
    await writer.close()
    expect(sink.bytes()).toEqual(Uint8Array.of(2, 7, 8))

    const second = createMemorySink()
    expect(await writeFrames([Uint8Array.of(1), Uint8Array.of(2, 3)], new LengthPrefixedEncoder({ width: 1 }), second)).toEqual({ frames: 2, bytes: 5 })
    expect(second.bytes()).toEqual(Uint8Array.of(1, 1, 2, 2, 3))

    const hi = [...decodeFrames([Uint8Array.of(0, 2, 104), Uint8Array.of(105)], new LengthPrefixedDecoder({ width: 2 }))]
    expect(hi.map((frame) => new TextDecoder().decode(frame))).toEqual(['hi'])
  })
})
