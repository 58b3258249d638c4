import { describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidArgumentError, LightstreamError, schema } from '@lightstream/core'
import type { Schema } from '@lightstream/core'
import {
  readFooter, readMessage, writeDictionaryBatchMessage, writeFooter, writeRecordBatchMessage, writeSchemaMessage,
} from '@lightstream/ipc'
import type { Footer, MessageMetadata } from '@lightstream/ipc'
import { describeWithArrowTesting, readBytes } from '../fixtures'
import { everyTypeSchema } from './sample-schemas'

/** Small deterministic PRNG (mulberry32), so every failure reproduces from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const INTERESTING = [0, 1, 4, 8, -1, -4, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 64, 65]

/** One seeded mutation: a truncation, 1–4 bit flips, or an aligned int32 overwritten with an edge value. */
function mutate(input: Uint8Array, seed: number): Uint8Array {
  const rand = prng(seed)
  const pick = (n: number): number => Math.floor(rand() * n)
  const kind = seed % 3
  if (kind === 0) return input.slice(0, pick(input.length))
  const out = input.slice()
  if (kind === 1) {
    for (let i = 0, flips = 1 + pick(4); i < flips; i++) out[pick(out.length)]! ^= 1 << pick(8)
  } else {
    const at = pick(out.length >> 2) << 2
    new DataView(out.buffer).setUint32(at, INTERESTING[pick(INTERESTING.length)]! >>> 0, true)
  }
  return out
}

/**
 * Whatever the reader accepts, the writers accept and reproduce exactly (the readers never invent shapes).
 * A schema message is always written with body length 0; the reader tolerates another value there.
 */
function reencodeMessage(m: MessageMetadata): MessageMetadata {
  const options = { version: m.version, customMetadata: m.customMetadata }
  const h = m.header
  if (h.type === 'schema') return { ...readMessage(writeSchemaMessage(h.schema, options)), bodyLength: m.bodyLength }
  if (h.type === 'recordBatch') return readMessage(writeRecordBatchMessage(h, m.bodyLength, options))
  return readMessage(writeDictionaryBatchMessage(h, m.bodyLength, options))
}

function outcome(read: () => unknown, check: (value: never) => void): 'ok' | 'error' {
  let value: unknown
  try {
    value = read()
  } catch (err) {
    if (!(err instanceof LightstreamError) || err instanceof InvalidArgumentError) throw err
    return 'error'
  }
  check(value as never)
  return 'ok'
}

const batch = {
  length: 100,
  nodes: [{ length: 100, nullCount: 3 }, { length: 100, nullCount: 0 }, { length: 250, nullCount: 7 }],
  buffers: Array.from({ length: 7 }, (_, i) => ({ offset: i * 64, length: 40 + i })),
  compression: { codec: 'zstd' as const, method: 'buffer' as const },
  variadicBufferCounts: [1, 3],
}

/** A dozen fields of everyTypeSchema covering every table kind (nesting, dictionaries, unions, metadata), so mutations land densely. */
function fuzzSchema(): Schema {
  const s = everyTypeSchema()
  const keep = new Set(['int1', 'f16', 'str', 'd256', 't_ns', 'ts_paris', 'iv_mdn', 'fsb', 'fsl', 'struct', 'sorted_map', 'dense', 'ree16', 'dict_nested', 'meta'])
  return schema(s.fields.filter((f) => keep.has(f.name)), s.metadata, s.endianness)
}

const MESSAGES: [string, Uint8Array][] = [
  ['schema', writeSchemaMessage(fuzzSchema(), { customMetadata: { k: 'v' } })],
  ['recordBatch', writeRecordBatchMessage(batch, 1024)],
  ['dictionaryBatch', writeDictionaryBatchMessage({ id: 12, data: batch, isDelta: true }, 512)],
]
const FOOTER = writeFooter({
  schema: fuzzSchema(),
  dictionaries: [{ offset: 8, metaDataLength: 200, bodyLength: 64 }],
  recordBatches: [{ offset: 272, metaDataLength: 256, bodyLength: 1024 }, { offset: 1552, metaDataLength: 256, bodyLength: 1024 }],
})

const RUNS = 3000

describe('fuzz: seeded truncations, bit flips and edge-value overwrites', () => {
  for (const [name, bytes] of MESSAGES) {
    it(`readMessage(${name}): every outcome is a result that re-encodes exactly, or a LightstreamError`, () => {
      const counts = { ok: 0, error: 0 }
      for (let seed = 1; seed <= RUNS; seed++) {
        const input = mutate(bytes, seed)
        counts[outcome(() => readMessage(input), (m: MessageMetadata) => expect(reencodeMessage(m)).toEqual(m))]++
      }
      expect(counts.ok + counts.error).toBe(RUNS)
      expect(counts.error).toBeGreaterThan(RUNS / 10)
    })
  }

  it('readFooter: every outcome is a result that re-encodes exactly, or a LightstreamError', () => {
    const counts = { ok: 0, error: 0 }
    for (let seed = 1; seed <= RUNS; seed++) {
      const input = mutate(FOOTER, seed)
      counts[outcome(() => readFooter(input), (f: Footer) => expect(readFooter(writeFooter(f))).toEqual(f))]++
    }
    expect(counts.error).toBeGreaterThan(RUNS / 10)
  })
})

describeWithArrowTesting('hostile corpus: crash and clusterfuzz inputs from Arrow C++', (dir) => {
  it('every message flatbuffer found in them reads or raises a LightstreamError', () => {
    const base = join(dir, 'data', 'arrow-ipc-stream')
    const files = readdirSync(base).filter((f) => f.startsWith('crash-') || f.startsWith('clusterfuzz-'))
    expect(files.length).toBeGreaterThan(10)
    let messages = 0
    for (const f of files) {
      const bytes = readBytes(join(base, f))
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      // Walk as a stream, trusting nothing: stop at the first prefix or body that leaves the bytes.
      for (let offset = 0, guard = 0; offset + 8 <= bytes.length && guard < 10_000; guard++) {
        const prefix = dv.getUint32(offset, true) === 0xffffffff ? 8 : 4
        const length = dv.getInt32(offset + prefix - 4, true)
        if (length <= 0 || offset + prefix + length > bytes.length) break
        const fb = bytes.subarray(offset + prefix, offset + prefix + length)
        messages++
        let bodyLength = -1
        outcome(() => readMessage(fb), (m: MessageMetadata) => { bodyLength = m.bodyLength })
        if (bodyLength < 0) break
        offset += prefix + length + bodyLength
      }
    }
    expect(messages).toBeGreaterThan(10)
  })
})
