import { describe, expect, it } from 'vitest'
import { COLUMN_KINDS, makeColumn, mixedTable, payloadBytes, valueAt, wideTable } from '../lib/arrow-columns'
import { loadLib } from '../lib/ipc-libs'
import { digestRaw, digestTable, edgeRows, hashValue, sampleRows } from '../lib/table-digest'
import { writeArrowInput } from '../lib/write-arrow-input'

describe('IPC workload helpers', () => {
  it('generates the same columns from the same seed, and different ones from another', () => {
    for (const kind of COLUMN_KINDS) {
      const a = makeColumn('x', kind, 500, 7)
      const b = makeColumn('x', kind, 500, 7)
      const c = makeColumn('x', kind, 500, 8)
      const values = (col: typeof a) => Array.from({ length: 500 }, (_, i) => valueAt(col, i))
      expect(values(a)).toEqual(values(b))
      expect(values(a)).not.toEqual(values(c))
    }
  })

  it('puts nulls only where the kinds say, and counts them', () => {
    const t = mixedTable(2000, 2000, 3)
    for (const c of t.columns) {
      const nulls = Array.from({ length: c.length }, (_, i) => valueAt(c, i)).filter((v) => v === null).length
      expect(nulls).toBe(c.nullCount)
      expect(nulls > 0).toBe(c.kind === 'i64n' || c.kind === 'utf8')
    }
  })

  it('hashes int64 alike as bigint and number, and tells values apart', () => {
    expect(hashValue(123n)).toBe(hashValue(123))
    expect(new Set([hashValue(null), hashValue(0), hashValue(''), hashValue(false), hashValue('a'), hashValue(true)]).size).toBe(6)
    expect(() => hashValue(undefined)).toThrow(/unexpected value/)
  })

  it('samples the first and last rows', () => {
    expect(sampleRows(10, 4)).toEqual([0, 4, 8, 9])
    expect(sampleRows(9, 4)).toEqual([0, 4, 8])
    expect(edgeRows(1)).toEqual([0])
    expect(edgeRows(10)).toEqual([0, 5, 9])
  })

  it('counts payload as the unpadded buffers of one batch', () => {
    const t = mixedTable(80, 80, 1)
    const utf8 = t.columns[3]!
    const dict = t.columns[4]!
    const expected = 80 * 4 + 80 * 8 + (80 * 8 + 10) + (81 * 4 + utf8.values.byteLength + 10) + (80 * 4 + 65 * 4 + dict.dictionary!.data.byteLength) + 10
    expect(payloadBytes(t)).toBe(expected)
  })

  it('writes input that apache-arrow reads back to the generated values, batch by batch', async () => {
    const arrow = await loadLib('apache-arrow')
    for (const raw of [mixedTable(1000, 1000, 1), mixedTable(1000, 10, 1), wideTable(24, 50, 2)]) {
      const decoded = arrow.columns(arrow.read(await writeArrowInput(raw)))
      expect(decoded.columns.map((c) => c.chunks)).toEqual(raw.columns.map(() => Math.ceil(raw.numRows / raw.batchRows)))
      const rows = sampleRows(raw.numRows, 1)
      for (const [k, c] of raw.columns.entries()) {
        const got = rows.map((r) => decoded.columns[k]!.get(r))
        expect(got.map((v) => (typeof v === 'bigint' ? Number(v) : v))).toEqual(rows.map((r) => valueAt(c, r)))
      }
      expect(digestTable(decoded.numRows, decoded.columns, rows)).toBe(digestRaw(raw, rows, false))
    }
  })

  it('all three readers give the expected digest on the same bytes, and so do their re-encodings', async () => {
    const raw = mixedTable(3000, 1000, 4)
    const bytes = await writeArrowInput(raw)
    const rows = sampleRows(raw.numRows, 7)
    const expected = digestRaw(raw, rows, false)
    for (const name of ['lightstream', 'apache-arrow', 'flechette'] as const) {
      const lib = await loadLib(name)
      const table = lib.read(bytes)
      const decoded = lib.columns(table)
      expect(digestTable(decoded.numRows, decoded.columns, rows), name).toBe(expected)
      const again = lib.columns(lib.read(lib.write(table)))
      expect(digestTable(again.numRows, again.columns, rows), `${name} re-encoded`).toBe(expected)
      if (lib.writeParts !== undefined) {
        const parts = lib.writeParts(table)
        const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
        parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0)
        const fromParts = lib.columns(lib.read(joined))
        expect(digestTable(fromParts.numRows, fromParts.columns, rows), `${name} parts`).toBe(expected)
      }
    }
  })

  it('gives a different digest when one sampled value differs', () => {
    const raw = mixedTable(100, 100, 1)
    const rows = edgeRows(100)
    const columns = raw.columns.map((c) => ({ length: c.length, chunks: 1, get: (i: number) => valueAt(c, i) }))
    const good = digestTable(100, columns, rows)
    expect(good).toBe(digestRaw(raw, rows, false))
    const bad = columns.map((c, k) => (k === 2 ? { ...c, get: (i: number) => (i === 99 ? 1 : c.get(i)) } : c))
    expect(digestTable(100, bad, rows)).not.toBe(good)
    expect(digestRaw(raw, rows, true)).not.toBe(good) // the float64 sum is folded in
  })
})
