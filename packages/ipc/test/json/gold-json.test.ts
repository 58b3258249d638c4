import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { Table, Type, validate } from '@lightstream/core'
import type { Data, DataType } from '@lightstream/core'
import { compareTables, readIntegrationJson } from '@lightstream/ipc'
import { describeWithArrowTesting } from '../fixtures'

/**
 * Every integration JSON of every producer in arrow-testing: parsed losslessly, built into core Data,
 * fully validated, and its flat columns checked value by value against a plain `JSON.parse` of the same
 * text (for the values JSON.parse reads exactly) or the decimal strings (for 64-bit values).
 */

interface PlainColumn { count: number; VALIDITY?: number[]; DATA?: unknown[] }
interface PlainDoc { batches: { count: number; columns: PlainColumn[] }[]; dictionaries?: unknown[] }

/** The value a valid slot of a flat column should read as, from the plain JSON entry; undefined = not checked here. */
function expectedValue(type: DataType, raw: unknown): unknown {
  switch (type.typeId) {
    case Type.Int: return type.bitWidth === 64 ? BigInt(raw as string) : raw
    case Type.Bool:
    case Type.Utf8:
    case Type.LargeUtf8: return raw
    case Type.Float: return type.precision === 2 ? raw : type.precision === 1 ? Math.fround(raw as number) : undefined
    case Type.Timestamp:
    case Type.Duration: return BigInt(raw as string)
    case Type.Time: return type.bitWidth === 64 ? BigInt(raw as string) : raw
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary: return Uint8Array.from((raw as string).match(/../g) ?? [], (h) => parseInt(h, 16))
    default: return undefined
  }
}

describeWithArrowTesting('integration JSON of every producer', (dir) => {
  const root = join(dir, 'data', 'arrow-ipc-stream', 'integration')
  const cases = readdirSync(root).flatMap((producer) =>
    readdirSync(join(root, producer))
      .filter((f) => f.endsWith('.json.gz'))
      .sort()
      .map((f) => ({ producer, name: f.slice(0, -'.json.gz'.length), path: join(root, producer, f) })),
  )

  it('finds the cases (all six producers)', () => {
    expect(new Set(cases.map((c) => c.producer)).size).toBe(6)
    expect(cases.length).toBeGreaterThanOrEqual(55)
  })

  it.each(cases.map((c) => [`${c.producer}/${c.name}`, c] as const))('%s: parses, builds, validates and reads the JSON values', (_, c) => {
    const text = gunzipSync(readFileSync(c.path)).toString('utf8')
    const plain = JSON.parse(text) as PlainDoc
    const json = readIntegrationJson(text)
    expect(json.batches.length).toBe(plain.batches.length)
    expect(json.dictionaries.size).toBe(plain.dictionaries?.length ?? 0)
    for (const d of json.dictionaries.values()) validate(d, { utf8: true })
    const table = new Table(json.schema, json.batches)
    validate(table, { utf8: true })
    let checked = 0
    json.batches.forEach((batch, b) => {
      const pb = plain.batches[b]!
      expect(batch.numRows).toBe(pb.count)
      batch.columns.forEach((data: Data, k) => {
        const pc = pb.columns[k]!
        for (let i = 0; i < data.length; i++) {
          const valid = pc.VALIDITY === undefined || pc.VALIDITY[i] === 1
          if (data.type.typeId !== Type.Null && data.type.typeId !== Type.Union && data.type.typeId !== Type.RunEndEncoded) {
            expect(data.isValid(i)).toBe(valid)
          }
          const want = valid && pc.DATA !== undefined ? expectedValue(data.type, pc.DATA[i]) : undefined
          if (want === undefined) continue
          expect(data.get(i, { useBigInt: true })).toEqual(want)
          checked++
        }
      })
    })
    // A document equals itself when read twice (the comparison has nothing spurious to report).
    expect(compareTables(table, readIntegrationJson(text))).toBe(null)
    if (c.name === 'generated_primitive' || c.name === 'generated_binary') expect(checked).toBeGreaterThan(100)
  })

  it('cpp-21.0.0 interval_mdn: every nanoseconds value is exact, also beyond 2^53', () => {
    const text = gunzipSync(readFileSync(join(root, 'cpp-21.0.0', 'generated_interval_mdn.json.gz'))).toString('utf8')
    const literals = [...text.matchAll(/"nanoseconds":\s*(-?\d+)/g)].map((m) => BigInt(m[1]!))
    const plain = JSON.parse(text) as PlainDoc
    const json = readIntegrationJson(text)
    let k = 0
    let beyond = 0
    json.batches.forEach((batch, b) => {
      const column = batch.columns[0]!
      const validity = plain.batches[b]!.columns[0]!.VALIDITY!
      for (let i = 0; i < column.length; i++, k++) {
        if (validity[i] !== 1) continue
        const v = column.get(i) as { nanoseconds: bigint }
        expect(v.nanoseconds).toBe(literals[k])
        if (v.nanoseconds > 2n ** 53n || v.nanoseconds < -(2n ** 53n)) beyond++
      }
    })
    expect(k).toBe(literals.length)
    expect(beyond).toBeGreaterThan(10)
  })

  it('cpp-21.0.0 datetime: int64 extremes of timestamps survive exactly', () => {
    const text = gunzipSync(readFileSync(join(root, 'cpp-21.0.0', 'generated_datetime.json.gz'))).toString('utf8')
    const json = readIntegrationJson(text)
    const all = json.batches.flatMap((b) => b.columns.filter((c) => c.type.typeId === Type.Timestamp).flatMap((c) => {
      const out: unknown[] = []
      for (let i = 0; i < c.length; i++) out.push(c.get(i, { useBigInt: true }))
      return out
    }))
    expect(all).toContain(-9223372036854775808n)
    expect(all).toContain(9223372036854775807n)
  })
})
