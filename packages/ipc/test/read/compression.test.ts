import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FrameTooLargeError, IpcFormatError, MissingDependencyError, field, int32, schema, utf8 as utf8Type, type Codec } from '@lightstream/core'
import { createReadStats, registerCodec, tableFromIPC, unregisterCodec } from '@lightstream/ipc'
import { batchMessage, bits, concat, i32, schemaMessage, utf8 } from './craft-stream'
import { rleCodec } from './test-codecs'

const NONE = new Uint8Array(0)
const ZSTD = { codec: 'zstd', method: 'buffer' } as const

/** int64 LE uncompressed length + codec output; `raw` stores the bytes with length -1; empty stays empty. */
function pack(bytes: Uint8Array, codec: Codec = rleCodec, raw = false): Uint8Array {
  if (bytes.length === 0) return bytes
  const prefix = new Uint8Array(8)
  const dv = new DataView(prefix.buffer)
  if (raw) dv.setBigInt64(0, -1n, true)
  else dv.setBigInt64(0, BigInt(bytes.length), true)
  return concat([prefix, raw ? bytes : codec.encode(bytes)])
}

const s = schema([field('x', int32()), field('s', utf8Type())])

function compressedStream(ints: (number | null)[], strings: string[], raw = false): Uint8Array {
  const n = ints.length
  const nulls = ints.filter((v) => v === null).length
  const { offsets, data } = utf8(...strings)
  return concat([
    schemaMessage(s),
    batchMessage({
      length: n,
      nodes: [{ length: n, nullCount: nulls }, { length: n, nullCount: 0 }],
      buffers: [nulls > 0 ? pack(bits(...ints.map((v) => (v === null ? 0 : 1)) as (0 | 1)[])) : NONE, pack(i32(...ints.map((v) => v ?? 0)), rleCodec, raw), NONE, pack(offsets), pack(data, rleCodec, raw)],
      compression: ZSTD,
    }),
  ])
}

const values = (t: ReturnType<typeof tableFromIPC>, c: number): unknown[] =>
  t.batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.columns[c]!.get(i)))

describe('compressed bodies', () => {
  it('decodes each buffer through the codec, leaves -1 buffers as views, and counts the work', () => {
    const stats = createReadStats()
    const t = tableFromIPC(compressedStream([1, 1, null, 7], ['a', 'bb', 'bb', '']), { codecs: [rleCodec], stats })
    expect(values(t, 0)).toEqual([1, 1, null, 7])
    expect(values(t, 1)).toEqual(['a', 'bb', 'bb', ''])
    expect(stats.decompressedBuffers).toBe(4)
    expect(stats.decompressedBytes).toBe(1 + 16 + 20 + 5)
    const rawStats = createReadStats()
    const raw = tableFromIPC(compressedStream([3, 4], ['x', 'y'], true), { codecs: [rleCodec], stats: rawStats })
    expect(values(raw, 0)).toEqual([3, 4])
    expect(rawStats.decompressedBuffers).toBe(1) // only the offsets went through the codec
  })

  it('round-trips random columns (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { minLength: 1, maxLength: 60 }),
      fc.boolean(),
      (ints, raw) => {
        const strings = ints.map((v) => 'v'.repeat(Math.abs(v ?? 0)))
        const t = tableFromIPC(compressedStream(ints, strings, raw), { codecs: [rleCodec], validate: true })
        expect(values(t, 0)).toEqual(ints)
        expect(values(t, 1)).toEqual(strings)
      },
    ))
  })

  it('needs a codec: MissingDependencyError names @lightstream/codecs; a registered codec is used', () => {
    const bytes = compressedStream([1], ['a'])
    try {
      tableFromIPC(bytes)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(MissingDependencyError)
      expect((e as MissingDependencyError).packageName).toBe('@lightstream/codecs')
    }
    registerCodec(rleCodec)
    try {
      expect(values(tableFromIPC(bytes), 0)).toEqual([1])
    } finally {
      unregisterCodec('zstd')
    }
  })

  it('limits the decompressed size before the codec runs (maxDecompressedBytes)', () => {
    let calls = 0
    const spy: Codec = { ...rleCodec, decode: (b, n) => { calls++; return rleCodec.decode(b, n) } }
    const bytes = compressedStream([1, 2, 3, 4], ['abcdefgh', '', '', ''])
    expect(() => tableFromIPC(bytes, { codecs: [spy], maxDecompressedBytes: 20 })).toThrow(FrameTooLargeError)
    expect(calls).toBe(1) // the 16-byte values fit; the 20-byte offsets would pass the limit and never reach the codec
    expect(tableFromIPC(bytes, { codecs: [spy], maxDecompressedBytes: 44 }).numRows).toBe(4)
  })

  it('refuses codecs that fail or return the wrong length, short prefixes and negative lengths', () => {
    const bytes = compressedStream([1, 2], ['a', 'b'])
    const short: Codec = { ...rleCodec, decode: (b, n) => rleCodec.decode(b, n).subarray(1) }
    expect(() => tableFromIPC(bytes, { codecs: [short] })).toThrow(/returned/)
    const broken: Codec = { ...rleCodec, decode: () => { throw new RangeError('boom') } }
    try {
      tableFromIPC(bytes, { codecs: [broken] })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(IpcFormatError)
      expect((e as Error).cause).toBeInstanceOf(RangeError)
    }
    const craft = (buffer: Uint8Array) => concat([
      schemaMessage(schema([field('x', int32())])),
      batchMessage({ length: 1, nodes: [{ length: 1, nullCount: 0 }], buffers: [NONE, buffer], compression: ZSTD }),
    ])
    expect(() => tableFromIPC(craft(Uint8Array.of(1, 2, 3)), { codecs: [rleCodec] })).toThrow(/shorter than its 8-byte length prefix/)
    const negative = new Uint8Array(12)
    new DataView(negative.buffer).setBigInt64(0, -2n, true)
    expect(() => tableFromIPC(craft(negative), { codecs: [rleCodec] })).toThrow(/negative/)
  })
})
