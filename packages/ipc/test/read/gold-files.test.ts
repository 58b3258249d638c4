import { beforeAll, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { Endianness, validate, type Codec } from '@lightstream/core'
import { chunkEvery } from '@lightstream/framing/testing'
import {
  IpcFileReader,
  IpcStreamReader,
  compareTables,
  createReadStats,
  readIntegrationJson,
  tableFromIPC,
  type IntegrationJson,
} from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes, type IntegrationCase } from '../fixtures'
import { goldCodecs, loadGoldCodecs } from './test-codecs'

const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '0.14.1', '2.0.0-compression', '4.0.0-shareddict']

/** Random chunk sizes from 1 to `max`, from a fixed seed. */
function randomChunks(bytes: Uint8Array, seed: number, max: number): Uint8Array[] {
  let state = seed
  const next = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state
  }
  const out: Uint8Array[] = []
  for (let at = 0; at < bytes.length;) {
    const n = 1 + (next() % max)
    out.push(bytes.subarray(at, at + n))
    at += n
  }
  return out
}

function loadJson(c: IntegrationCase): IntegrationJson {
  return readIntegrationJson(gunzipSync(readFileSync(c.json)).toString('utf8'))
}

describeWithArrowTesting('reading the Arrow integration files', (dir) => {
  let gold = { codecs: goldCodecs, real: false }
  beforeAll(async () => {
    gold = await loadGoldCodecs()
    if (!gold.real) console.warn('[partial] @lightstream/codecs is not importable: compressed golden files use the test decoders; zstd compressed blocks are skipped')
  })

  for (const producer of PRODUCERS) {
    const cases = integrationCases(dir, producer)
    it(`finds the ${producer} cases`, () => expect(cases.length).toBeGreaterThan(0))
    const bigEndian = producer.includes('bigendian')
    const compressed = producer === '2.0.0-compression'
    for (const c of cases) {
      /** The codecs for this case, or undefined; skips a zstd case that the test decoder cannot read. */
      const codecsFor = (skip: () => void): Codec[] | undefined => {
        if (!compressed) return undefined
        if (!gold.real && c.name.includes('zstd')) skip()
        return gold.codecs
      }
      it(`${producer}/${c.name}: stream and file read to the JSON's values, zero-copy`, (ctx) => {
        const codecs = codecsFor(() => ctx.skip())
        const json = loadJson(c)
        for (const path of [c.stream, c.arrowFile]) {
          const stats = createReadStats()
          const table = tableFromIPC(readBytes(path), { stats, validate: true, ...(codecs ? { codecs } : {}) })
          expect(compareTables(json, table), path).toBeNull()
          expect(table.schema.endianness).toBe(Endianness.Little)
          expect(stats.framingCopies).toBe(0)
          expect(stats.dictionaryCopies).toBe(0)
          if (!bigEndian) {
            // 8-byte aligned little-endian input: every buffer is a view of the input.
            expect(stats.copies, path).toBe(0)
            expect(stats.copiedBytes).toBe(0)
          }
          if (compressed && table.numRows > 0) expect(stats.decompressedBuffers).toBeGreaterThan(0)
        }
      })

      it(`${producer}/${c.name}: the file reader reads each block on demand`, (ctx) => {
        const codecs = codecsFor(() => ctx.skip())
        const json = loadJson(c)
        const reader = IpcFileReader.openSync(readBytes(c.arrowFile), codecs ? { codecs } : {})
        expect(reader.numBatches).toBe(json.batches.length)
        const batches = [...Array(reader.numBatches).keys()].reverse().map((i) => reader.batchSync(i)).reverse()
        batches.forEach((b) => validate(b))
        expect(compareTables(json, { schema: reader.schema, batches })).toBeNull()
      })

      it(`${producer}/${c.name}: 1-byte and random chunking give the same batches`, (ctx) => {
        const codecs = codecsFor(() => ctx.skip())
        const bytes = readBytes(c.stream)
        const options = codecs ? { codecs } : {}
        const whole = tableFromIPC(bytes, options)
        const chunkings = [chunkEvery(bytes, 1), randomChunks(bytes, 7, 13), randomChunks(bytes, 11, 300), randomChunks(bytes, 5, 4096)]
        for (const chunks of chunkings) {
          const stats = createReadStats()
          const reader = IpcStreamReader.from(chunks, { ...options, stats })
          const table = reader.readAll()
          expect(compareTables(whole, table)).toBeNull()
          table.batches.forEach((b) => validate(b))
          // Spanning messages were joined with at most a copy of their metadata twice and their body once.
          expect(stats.framingCopiedBytes).toBeLessThanOrEqual(3 * bytes.length)
        }
      })
    }
  }

  it('big-endian files are byte-swapped into counted copies and read like the little-endian ones', () => {
    const le = integrationCases(dir, '1.0.0-littleendian').find((c) => c.name === 'generated_primitive')!
    const be = integrationCases(dir, '1.0.0-bigendian').find((c) => c.name === 'generated_primitive')!
    const stats = createReadStats()
    const fromBe = tableFromIPC(readBytes(be.stream), { stats })
    const fromLe = tableFromIPC(readBytes(le.stream))
    expect(stats.copies).toBeGreaterThan(0)
    expect(stats.copiedBytes).toBeGreaterThan(0)
    expect(compareTables(fromLe, fromBe)).toBeNull()
    const reader = IpcStreamReader.from(readBytes(be.stream))
    expect(reader.sourceSchema.endianness).toBe(Endianness.Big)
    expect(reader.schema.endianness).toBe(Endianness.Little)
  })

  it('the JSON comparison notices a changed value (the check is not vacuous)', () => {
    const c = integrationCases(dir, 'cpp-21.0.0').find((k) => k.name === 'generated_primitive')!
    const bytes = readBytes(c.stream)
    const json = loadJson(c)
    expect(compareTables(json, tableFromIPC(bytes))).toBeNull()
    // Flip one byte in the last 64 bytes of the first record batch body and expect a difference somewhere.
    const table = tableFromIPC(bytes)
    const column = table.batches[0]!.columns.find((d) => d.values instanceof Int32Array && d.length > 0 && d.nullCount < d.length)!
    const values = column.values as Int32Array
    const i = [...Array(column.length).keys()].find((k) => column.isValid(k))!
    values[i] = values[i]! ^ 1
    expect(compareTables(json, table)).not.toBeNull()
  })
})
