import { describe, expect, it } from 'vitest'
import { RecordBatch, Table, field, int32, list, schema, tableFromArrays } from '@lightstream/core'
import { compareSchemas, compareTables, tableFromIntegrationJson } from '@lightstream/ipc'

const INT32 = { name: 'int', isSigned: true, bitWidth: 32 }
const F64 = { name: 'floatingpoint', precision: 'DOUBLE' }

interface Col { type: object; children?: object[]; dictionary?: object; nullable?: boolean; metadata?: object[]; name?: string }

/** A table from integration JSON: one field per `cols` entry, `batches` of column JSON (name and count filled in). */
function table(cols: Col[], batches: object[][], dictionaries?: object[]): Table {
  const counts = batches.map((b) => (b[0] as { count: number }).count)
  return tableFromIntegrationJson(JSON.stringify({
    schema: { fields: cols.map((c, i) => ({ name: c.name ?? `f${i}`, type: c.type, nullable: c.nullable ?? true, children: c.children ?? [], dictionary: c.dictionary, metadata: c.metadata })) },
    dictionaries,
    batches: batches.map((columns, b) => ({ count: counts[b], columns: columns.map((c, i) => ({ name: cols[i]!.name ?? `f${i}`, ...c })) })),
  }))
}

const ints = (DATA: number[], VALIDITY = DATA.map(() => 1)) => ({ count: DATA.length, VALIDITY, DATA })

describe('compareTables', () => {
  it('reports nothing for equal tables', () => {
    const a = table([{ type: INT32 }], [[ints([1, 2, 3])], [ints([4])]])
    expect(compareTables(a, table([{ type: INT32 }], [[ints([1, 2, 3])], [ints([4])]]))).toBe(null)
  })

  it('finds a different value, naming batch, row, column and both values', () => {
    const a = table([{ type: INT32 }], [[ints([1])], [ints([1, 2, 3])]])
    const b = table([{ type: INT32 }], [[ints([1])], [ints([1, 5, 3])]])
    expect(compareTables(a, b)).toBe('batch 1, row 1, column f0 (slot 1): expected 2, actual 5')
  })

  it('finds a null where a value was expected, and the reverse', () => {
    const a = table([{ type: INT32 }], [[ints([1, 2], [1, 1])]])
    const b = table([{ type: INT32 }], [[ints([1, 2], [1, 0])]])
    expect(compareTables(a, b)).toBe('batch 0, row 1, column f0 (slot 1): expected a value, actual null')
    expect(compareTables(b, a)).toBe('batch 0, row 1, column f0 (slot 1): expected null, actual a value')
  })

  it('ignores the values behind null slots', () => {
    const a = table([{ type: INT32 }], [[ints([1, 2], [1, 0])]])
    expect(compareTables(a, table([{ type: INT32 }], [[ints([1, 99], [1, 0])]]))).toBe(null)
  })

  it('finds a different type, nullability, name and child type', () => {
    const a = table([{ type: INT32 }], [[ints([1])]])
    expect(compareTables(a, table([{ type: { name: 'int', isSigned: true, bitWidth: 64 } }], [[{ count: 1, VALIDITY: [1], DATA: ['1'] }]])))
      .toBe('schema: field f0: expected type Int32, actual Int64')
    expect(compareTables(a, table([{ type: INT32, nullable: false }], [[ints([1])]]))).toBe('schema: field f0: expected nullable=true, actual nullable=false')
    expect(compareTables(a, table([{ type: INT32, name: 'g' }], [[ints([1])]]))).toBe('schema: field f0: expected name "f0", actual "g"')
    const s1 = schema([field('l', list(field('item', int32())))])
    const s2 = schema([field('l', list(field('item', { typeId: 3, precision: 2 } as never)))])
    expect(compareSchemas(s1, s2)).toBe('schema: field l.item: expected type Int32, actual Float64')
  })

  it('finds a different batch count and row count', () => {
    const a = table([{ type: INT32 }], [[ints([1])], [ints([2])]])
    expect(compareTables(a, table([{ type: INT32 }], [[ints([1])]]))).toBe('expected 2 record batches, actual 1')
    expect(compareTables(a, table([{ type: INT32 }], [[ints([1])], [ints([2, 3])]]))).toBe('batch 1: expected 1 rows, actual 2')
  })

  it('compares metadata as maps (order-insensitive, absent = empty) unless told not to', () => {
    const kv = (k: string, v: string) => ({ key: k, value: v })
    const a = table([{ type: INT32, metadata: [kv('a', '1'), kv('b', '2')] }], [[ints([1])]])
    expect(compareTables(a, table([{ type: INT32, metadata: [kv('b', '2'), kv('a', '1')] }], [[ints([1])]]))).toBe(null)
    expect(compareTables(a, table([{ type: INT32, metadata: [kv('a', '1'), kv('b', '3')] }], [[ints([1])]]))).toBe('schema: field f0 metadata: key "b": expected "2", actual "3"')
    const none = table([{ type: INT32 }], [[ints([1])]])
    expect(compareTables(a, none)).toMatch(/expected key "a" \(= "1"\) is missing/)
    expect(compareTables(none, table([{ type: INT32, metadata: [] }], [[ints([1])]]))).toBe(null)
    expect(compareTables(a, none, { metadata: false })).toBe(null)
    const withSchemaMeta = new Table(schema(none.schema.fields, { origin: 'x' }), none.batches.map((b) => new RecordBatch(schema(none.schema.fields, { origin: 'x' }), b.columns)))
    expect(compareTables(none, withSchemaMeta)).toBe('schema metadata: unexpected key "origin" (= "x")')
  })

  it('compares nested values logically, whatever the offsets', () => {
    const children = [{ name: 'item', type: INT32, nullable: true, children: [] }]
    const a = table([{ type: { name: 'list' }, children }], [[{ count: 2, VALIDITY: [1, 1], OFFSET: [0, 2, 3], children: [ints([1, 2, 3])] }]])
    // Same lists at other child positions, with junk in between.
    const b = table([{ type: { name: 'list' }, children }], [[{ count: 2, VALIDITY: [1, 1], OFFSET: [1, 3, 4], children: [ints([9, 1, 2, 3, 9])] }]])
    expect(compareTables(a, b)).toBe(null)
    const c = table([{ type: { name: 'list' }, children }], [[{ count: 2, VALIDITY: [1, 1], OFFSET: [0, 2, 3], children: [ints([1, 2, 4])] }]])
    expect(compareTables(a, c)).toBe('batch 0, row 1, column f0[] (slot 2): expected 3, actual 4')
    const d = table([{ type: { name: 'list' }, children }], [[{ count: 2, VALIDITY: [1, 1], OFFSET: [0, 1, 3], children: [ints([1, 2, 3])] }]])
    expect(compareTables(a, d)).toBe('batch 0, row 0, column f0 (slot 0): expected a list of 2 values, actual 1')
  })

  it('compares dictionary-encoded values, not ids or indices', () => {
    const int8 = { name: 'int', isSigned: true, bitWidth: 8 }
    const dict = (id: number, words: string[]) => ({
      id, data: { count: words.length, columns: [{ name: 'D', count: words.length, VALIDITY: words.map(() => 1), OFFSET: words.reduce((o, w) => [...o, o.at(-1)! + w.length], [0]), DATA: words }] },
    })
    const a = table([{ type: { name: 'utf8' }, dictionary: { id: 0, indexType: int8 } }], [[ints([0, 1, 0])]], [dict(0, ['x', 'y'])])
    const b = table([{ type: { name: 'utf8' }, dictionary: { id: 7, indexType: int8 } }], [[ints([2, 0, 2])]], [dict(7, ['y', 'z', 'x'])])
    expect(compareTables(a, b)).toBe(null)
    const c = table([{ type: { name: 'utf8' }, dictionary: { id: 0, indexType: int8 } }], [[ints([0, 1, 1])]], [dict(0, ['x', 'y'])])
    expect(compareTables(a, c)).toBe('batch 0, row 2, column f0 dictionary (slot 1): expected "x", actual "y"')
  })

  it('compares union type codes, then the selected value', () => {
    const children = [{ name: 'a', type: INT32, nullable: true, children: [] }, { name: 'b', type: INT32, nullable: true, children: [] }]
    const u = (TYPE_ID: number[]) => table([{ type: { name: 'union', mode: 'SPARSE', typeIds: [0, 1] }, children }], [[{ count: 2, TYPE_ID, children: [ints([1, 2]), ints([1, 2])] }]])
    expect(compareTables(u([0, 1]), u([0, 1]))).toBe(null)
    // The values read the same (1, 2) but come from different children: a difference.
    expect(compareTables(u([0, 1]), u([1, 1]))).toBe('batch 0, row 0, column f0 (slot 0): expected union type code 0, actual 1')
  })

  it('compares run-end encoded data by value, whatever the runs', () => {
    const int16 = { name: 'int', isSigned: true, bitWidth: 16 }
    const children = [{ name: 'run_ends', type: int16, nullable: false, children: [] }, { name: 'values', type: INT32, nullable: true, children: [] }]
    const ree = (ends: number[], vals: number[]) => table([{ type: { name: 'runendencoded' }, children }], [[{ count: 4, children: [ints(ends), ints(vals)] }]])
    expect(compareTables(ree([2, 4], [7, 8]), ree([1, 2, 4], [7, 7, 8]))).toBe(null)
    expect(compareTables(ree([2, 4], [7, 8]), ree([3, 4], [7, 8]))).toBe('batch 0, row 2, column f0.values (slot 0): expected 8, actual 7')
  })

  it('treats NaN as equal to NaN, and -0 as different from +0 unless asked', () => {
    const nan = tableFromArrays({ x: new Float64Array([NaN, 0]) })
    expect(compareTables(nan, tableFromArrays({ x: new Float64Array([NaN, 0]) }))).toBe(null)
    expect(compareTables(nan, tableFromArrays({ x: new Float64Array([NaN, 0]) }), { nanEqual: false })).toMatch(/expected NaN, actual NaN/)
    const negative = tableFromArrays({ x: new Float64Array([NaN, -0]) })
    expect(compareTables(nan, negative)).toBe('batch 0, row 1, column x (slot 1): expected 0, actual -0')
    expect(compareTables(nan, negative, { signedZerosEqual: true })).toBe(null)
  })

  it('compares 64-bit values, decimals and strings exactly', () => {
    const i64 = { name: 'int', isSigned: true, bitWidth: 64 }
    const a = table([{ type: i64 }], [[{ count: 1, VALIDITY: [1], DATA: ['9007199254740993'] }]])
    expect(compareTables(a, table([{ type: i64 }], [[{ count: 1, VALIDITY: [1], DATA: ['9007199254740992'] }]])))
      .toBe('batch 0, row 0, column f0 (slot 0): expected 9007199254740993, actual 9007199254740992')
    const dec = { name: 'decimal', precision: 38, scale: 3, bitWidth: 128 }
    const d = table([{ type: dec }], [[{ count: 1, VALIDITY: [1], DATA: ['123456789012345678901234567890'] }]])
    expect(compareTables(d, table([{ type: dec }], [[{ count: 1, VALIDITY: [1], DATA: ['123456789012345678901234567891'] }]])))
      .toBe('batch 0, row 0, column f0 (slot 0): expected 123456789012345678901234567.890, actual 123456789012345678901234567.891')
    const s = table([{ type: { name: 'utf8' } }], [[{ count: 1, VALIDITY: [1], OFFSET: [0, 2], DATA: ['µ'] }]])
    expect(compareTables(s, table([{ type: { name: 'utf8' } }], [[{ count: 1, VALIDITY: [1], OFFSET: [0, 2], DATA: ['¶'] }]])))
      .toBe('batch 0, row 0, column f0 (slot 0): expected "µ", actual "¶"')
  })

  it('reports unreadable data as a difference instead of throwing', () => {
    const a = tableFromArrays({ x: new Int32Array([1, 2, 3]) })
    const broken = new Table(a.schema, [new RecordBatch(a.schema, [{ ...a.batches[0]!.columns[0]!, values: new Int32Array(1) } as never], 3)])
    expect(compareTables(a, broken)).toMatch(/^batch 0, column x: cannot read the data/)
  })
})
