// The Arrow gold files written by Arrow C++ with BodyCompression: every compressed body buffer decodes to
// its declared length, and the decoded columns equal the integration JSON.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { lz4FrameCodec, zstdCodec } from '@lightstream/codecs'
import type { Codec } from '@lightstream/core'
import { describe, expect, it } from 'vitest'
import { walkRecordBatches } from './arrow-stream-walker'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const TESTING = resolve(process.env.ARROW_TESTING_DIR ?? join(ROOT, '..', 'shared', 'arrow-testing'))
const DIR = join(TESTING, 'data', 'arrow-ipc-stream', 'integration', '2.0.0-compression')
const present = existsSync(DIR)
if (!present && process.env.CI !== 'true') console.warn(`[skipped] Arrow gold compression files: not found at ${DIR} (set ARROW_TESTING_DIR)`)

interface JsonColumn {
  name: string
  count: number
  VALIDITY: number[]
  DATA: (string | number)[]
  OFFSET?: number[]
}

/** Decodes one body buffer per the IPC spec: empty stays empty; int64 LE prefix; -1 = stored raw. */
function decodeBuffer(codec: Codec, bytes: Uint8Array): { data: Uint8Array; compressed: boolean } {
  if (bytes.length === 0) return { data: bytes, compressed: false }
  const declared = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true))
  if (declared === -1) return { data: bytes.subarray(8), compressed: false }
  return { data: codec.decode(bytes.subarray(8), declared), compressed: true }
}

function validity(bits: Uint8Array, count: number): number[] {
  if (bits.length === 0) return Array(count).fill(1)
  return Array.from({ length: count }, (_, i) => (bits[i >> 3]! >> (i & 7)) & 1)
}

const cases = [
  { file: 'generated_lz4.stream', json: 'generated_lz4.json.gz', codecId: 0, codec: lz4FrameCodec(), intBytes: 8 },
  { file: 'generated_uncompressible_zstd.stream', json: 'generated_uncompressible_zstd.json.gz', codecId: 1, codec: zstdCodec(), intBytes: 4 },
]

describe.runIf(present || process.env.CI === 'true')('Arrow C++ gold files with body compression', () => {
  it.each(cases)('$file: every buffer decodes and equals the JSON', ({ file, json, codecId, codec, intBytes }) => {
    const batches = walkRecordBatches(new Uint8Array(readFileSync(join(DIR, file))))
    const expected = JSON.parse(gunzipSync(readFileSync(join(DIR, json))).toString('utf8')) as { batches: { count: number; columns: JsonColumn[] }[] }
    expect(batches.length).toBe(expected.batches.length)
    let compressedBuffers = 0
    batches.forEach((batch, b) => {
      expect(batch.codec).toBe(codecId)
      const decoded = batch.buffers.map((buffer) => decodeBuffer(codec, buffer.bytes))
      compressedBuffers += decoded.filter((d) => d.compressed).length
      const [intValidity, intData, strValidity, strOffsets, strData] = decoded.map((d) => d.data)
      const [ints, strs] = expected.batches[b]!.columns
      const count = batch.length
      expect(validity(intValidity!, count)).toEqual(ints!.VALIDITY)
      expect(validity(strValidity!, count)).toEqual(strs!.VALIDITY)
      const intView = new DataView(intData!.buffer, intData!.byteOffset, intData!.byteLength)
      const offsets = new DataView(strOffsets!.buffer, strOffsets!.byteOffset, strOffsets!.byteLength)
      expect(Array.from({ length: count + 1 }, (_, i) => offsets.getInt32(4 * i, true))).toEqual(strs!.OFFSET)
      const text = new TextDecoder()
      for (let i = 0; i < count; i++) {
        if (ints!.VALIDITY[i]) {
          const value = intBytes === 8 ? intView.getBigInt64(8 * i, true) : BigInt(intView.getInt32(4 * i, true))
          expect(value).toBe(BigInt(ints!.DATA[i]!))
        }
        if (strs!.VALIDITY[i]) {
          const start = offsets.getInt32(4 * i, true)
          const end = offsets.getInt32(4 * i + 4, true)
          expect(text.decode(strData!.subarray(start, end))).toBe(strs!.DATA[i])
        }
      }
    })
    // The files really exercise the codec (not only raw-stored buffers).
    expect(compressedBuffers).toBeGreaterThan(0)
  })
})
