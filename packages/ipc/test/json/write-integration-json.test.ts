import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RecordBatch, Table, UnsupportedFeatureError, dictionary, field, int32, makeData, schema, tableFromArrays, utf8, validate } from '@lightstream/core'
import { compareTables, parseJsonLossless, readIntegrationJson, stringifyJson, tableFromIPC, writeIntegrationJson } from '@lightstream/ipc'
import type { JsonValue } from '@lightstream/ipc'
import { describeWithArrowTesting } from '../fixtures'

/** Prototype-less objects → plain ones, bigints → numbers, for deep equality with fast-check's values. */
function plain(v: JsonValue): unknown {
  if (typeof v === 'bigint') return Number(v)
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  return v
}

describe('stringifyJson', () => {
  it('writes bigints as bare integers and non-finite doubles as strings', () => {
    expect(stringifyJson({ a: [2n ** 63n - 1n, -(2n ** 63n)], b: NaN, c: -Infinity, d: -0, e: 'x"y' })).toBe(
      '{"a":[9223372036854775807,-9223372036854775808],"b":"NaN","c":"-Infinity","d":-0,"e":"x\\"y"}',
    )
  })

  it('round-trips through parseJsonLossless, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = stringifyJson(value as JsonValue, indent)
        // -0 survives (JSON.stringify would write 0); integers beyond 2^53 read back as bigint.
        expect(plain(parseJsonLossless(text))).toEqual(value)
      }),
      { numRuns: 200 },
    )
    expect(parseJsonLossless(stringifyJson([123456789012345678901234567890n]))).toEqual([123456789012345678901234567890n])
  })
})

describe('writeIntegrationJson', () => {
  it('writes what readIntegrationJson reads back equal, sliced chunks included', () => {
    const t = tableFromArrays({ id: new Int32Array([1, 2, 3, 4]), name: ['a', null, 'ccc', 'dd'], tags: [['x'], [], null, ['y', 'z']] })
    const back = readIntegrationJson(writeIntegrationJson(t, { indent: 2 }))
    expect(compareTables(t, back)).toBe(null)
    const s = t.schema
    const sliced = new Table(s, [new RecordBatch(s, t.batches[0]!.columns.map((c) => c.slice(1, 2)))])
    const back2 = readIntegrationJson(writeIntegrationJson(sliced))
    expect(compareTables(sliced, back2)).toBe(null)
    expect(back2.batches[0]!.numRows).toBe(2)
  })

  it('lists a growing (delta) dictionary once, as its last version; refuses a replaced one', () => {
    const type = dictionary(utf8(), int32(), 3)
    const s = schema([field('d', type)])
    const small = makeData({ type: utf8(), length: 1, offsets: [0, 1], values: new TextEncoder().encode('a') })
    const big = makeData({ type: utf8(), length: 2, offsets: [0, 1, 2], values: new TextEncoder().encode('ab') })
    const other = makeData({ type: utf8(), length: 2, offsets: [0, 1, 2], values: new TextEncoder().encode('xb') })
    const col = (dict: typeof small, idx: number[]) => makeData({ type, length: idx.length, values: Int32Array.from(idx), dictionary: dict })
    const grow = new Table(s, [new RecordBatch(s, [col(small, [0])]), new RecordBatch(s, [col(big, [1, 0])])])
    const text = writeIntegrationJson(grow)
    expect((JSON.parse(text) as { dictionaries: unknown[] }).dictionaries).toHaveLength(1)
    expect(compareTables(grow, readIntegrationJson(text))).toBe(null)
    const replace = new Table(s, [new RecordBatch(s, [col(big, [0])]), new RecordBatch(s, [col(other, [1, 0])])])
    expect(() => writeIntegrationJson(replace)).toThrow(UnsupportedFeatureError)
  })
})

describeWithArrowTesting('writeIntegrationJson over every gold case', (dir) => {
  const root = join(dir, 'data', 'arrow-ipc-stream', 'integration')
  const cases = readdirSync(root).flatMap((p) => readdirSync(join(root, p)).filter((f) => f.endsWith('.json.gz')).map((f) => ({ p, name: f.slice(0, -8) })))

  it.each(cases.map((c) => [`${c.p}/${c.name}`, c] as const))('%s: JSON → data → JSON → data is lossless, also for IPC-read and sliced data', (_, c) => {
    const text = gunzipSync(readFileSync(join(root, c.p, `${c.name}.json.gz`))).toString('utf8')
    const json = readIntegrationJson(text)
    const original = new Table(json.schema, json.batches)
    const again = readIntegrationJson(writeIntegrationJson(original))
    expect(compareTables(original, again)).toBe(null)
    // The same from what the IPC reader produced (other offsets, dictionaries, views), when it can read it.
    if (c.p !== '2.0.0-compression') {
      const ipc = tableFromIPC(new Uint8Array(readFileSync(join(root, c.p, `${c.name}.stream`))))
      expect(compareTables(original, readIntegrationJson(writeIntegrationJson(ipc)))).toBe(null)
    }
    // Every column sliced to drop its first and last row.
    const batches = original.batches.filter((b) => b.numRows >= 3).map((b) => new RecordBatch(b.schema, b.columns.map((d) => d.slice(1, b.numRows - 2)), b.numRows - 2))
    const sliced = new Table(original.schema, batches)
    validate(sliced)
    const back = readIntegrationJson(writeIntegrationJson(sliced))
    validate(new Table(back.schema, back.batches))
    expect(compareTables(sliced, back)).toBe(null)
  })
})
