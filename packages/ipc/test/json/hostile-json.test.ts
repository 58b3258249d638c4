import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import fc from 'fast-check'
import { LightstreamError, Table, validate } from '@lightstream/core'
import { compareTables, readIntegrationJson, writeIntegrationJson } from '@lightstream/ipc'
import { describeWithArrowTesting } from '../fixtures'

/**
 * Mutated integration JSON: any member of a valid document replaced by any JSON value. The reader must
 * either build data or throw one of its coded errors — never a raw TypeError/RangeError — and whatever
 * it builds must be safe to validate, compare and write back.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Every path (list of keys/indices) in a JSON tree, up to `limit` of them. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 4000) return out
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...prefix, i]); paths(x, [...prefix, i], out) })
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { out.push([...prefix, k]); paths(v[k]!, [...prefix, k], out) }
  return out
}

function replaced(doc: Json, path: readonly (string | number)[], value: Json): Json {
  const copy = structuredClone(doc)
  let at = copy as Record<string | number, Json>
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, Json>
  at[path.at(-1)!] = value
  return copy
}

function expectSafe(text: string): void {
  let table: Table
  try {
    const json = readIntegrationJson(text)
    table = new Table(json.schema, json.batches)
  } catch (err) {
    expect(err).toBeInstanceOf(LightstreamError)
    return
  }
  try {
    validate(table)
  } catch (err) {
    expect(err).toBeInstanceOf(LightstreamError)
    return
  }
  // Valid data: comparing with itself finds nothing, and it writes back to an equal document.
  expect(compareTables(table, table)).toBe(null)
  expect(compareTables(table, readIntegrationJson(writeIntegrationJson(table)))).toBe(null)
}

describeWithArrowTesting('readIntegrationJson on mutated documents', (dir) => {
  const names = ['union', 'nested_dictionary', 'run_end_encoded', 'map', 'interval_mdn', 'decimal32', 'list_view', 'binary_view', 'extension']
  const docs = names.map((name) => {
    const text = gunzipSync(readFileSync(join(dir, 'data', 'arrow-ipc-stream', 'integration', 'cpp-21.0.0', `generated_${name}.json.gz`))).toString('utf8')
    const doc = JSON.parse(text) as { batches: Json[] } & Record<string, Json>
    doc.batches = doc.batches.slice(0, 2)
    return doc as unknown as Json
  })

  it('throws only coded errors, and builds only data that is safe to use', () => {
    const mutation = fc.nat(docs.length - 1).chain((d) => {
      const all = paths(docs[d]!)
      return fc.tuple(fc.constant(d), fc.constantFrom(...all), fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.constantFrom<Json>(-1, 2 ** 31, 1e300, '', 'FF', [], {}, null)))
    })
    fc.assert(
      fc.property(mutation, ([d, path, value]) => {
        expectSafe(JSON.stringify(replaced(docs[d]!, path, value)))
      }),
      { numRuns: 400 },
    )
  })
})
