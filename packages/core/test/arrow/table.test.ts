import { describe, expect, it } from 'vitest'
import {
  Column, Data, InvalidArgumentError, OutOfRangeError, RecordBatch, Table, columnFromArray, field, int32, schema, tableFromArrays, utf8,
} from '@lightstream/core'
import { bitmap, i32, strings } from './le'

const ints = (...v: number[]) => new Data({ type: int32(), length: v.length, values: i32(...v) })
const strs = (...v: (string | null)[]) => {
  const s = strings(...v.map((x) => x ?? ''))
  return new Data({ type: utf8(), length: v.length, validity: bitmap(...v.map((x) => x !== null)), values: s.data, offsets: s.offsets })
}

describe('RecordBatch', () => {
  const s = schema([field('id', int32()), field('name', utf8()), field('id', int32())])
  const batch = new RecordBatch(s, [ints(1, 2), strs('a', null), ints(3, 4)])

  it('exposes rows, columns and children by name (first match) and index', () => {
    expect(batch.numRows).toBe(2)
    expect(batch.numCols).toBe(3)
    expect(batch.getChild('id')).toBe(batch.columns[0])
    expect(batch.getChild('missing')).toBeNull()
    expect(batch.getChildAt(2).get(1)).toBe(4)
    expect(() => batch.getChildAt(3)).toThrow(OutOfRangeError)
  })

  it('checks the column count', () => {
    expect(() => new RecordBatch(s, [ints(1)])).toThrow(InvalidArgumentError)
    expect(new RecordBatch(schema([]), []).numRows).toBe(0)
  })
})

describe('Table', () => {
  const s = schema([field('id', int32()), field('name', utf8())])
  const table = new Table(s, [new RecordBatch(s, [ints(1, 2), strs('a', null)]), new RecordBatch(s, [ints(3), strs('c')])])

  it('counts rows and columns and returns chunked columns', () => {
    expect(table.numRows).toBe(3)
    expect(table.numCols).toBe(2)
    const name = table.getChild('name')!
    expect(name).toBeInstanceOf(Column)
    expect(name.data.length).toBe(2)
    expect(name.field?.name).toBe('name')
    expect([...name]).toEqual(['a', null, 'c'])
    expect(table.getChild('name')).toBe(name)
    expect(table.getChildAt(0).get(2)).toBe(3)
    expect(table.getChild('nope')).toBeNull()
    expect(() => table.getChildAt(2)).toThrow(OutOfRangeError)
  })

  it('reads rows as objects', () => {
    expect(table.toArray()).toEqual([{ id: 1, name: 'a' }, { id: 2, name: null }, { id: 3, name: 'c' }])
    expect([...table].length).toBe(3)
  })

  it('passes its value options to columns and rows', () => {
    const big = tableFromArrays({ n: new BigInt64Array([5n]) }, { useBigInt: true })
    expect(big.getChild('n')!.get(0)).toBe(5n)
    expect(big.toArray()).toEqual([{ n: 5n }])
  })

  it('rejects batches that do not match the schema', () => {
    expect(() => new Table(s, [new RecordBatch(schema([field('x', int32())]), [ints(1)])])).toThrow(InvalidArgumentError)
    expect(new Table(s, []).numRows).toBe(0)
    expect(new Table(s, []).getChild('id')!.length).toBe(0)
  })
})

describe('tableFromArrays', () => {
  it('builds one batch from arrays, typed arrays and Data', () => {
    const ids = new Int32Array([1, 2, 3])
    const t = tableFromArrays({ id: ids, name: ['x', 'y', null], raw: ints(7, 8, 9) })
    expect(t.batches.length).toBe(1)
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'name', 'raw'])
    expect(t.getChild('id')!.data[0]!.values).toBe(ids)
    expect(t.toArray()[2]).toEqual({ id: 3, name: null, raw: 9 })
  })

  it('aligns differently chunked columns by slicing, sharing buffers', () => {
    const a = new Column([ints(1, 2), ints(3, 4, 5)])
    const b = new Column([ints(10), ints(20, 30, 40, 50)])
    const t = tableFromArrays({ a, b })
    expect(t.batches.map((x) => x.numRows)).toEqual([1, 1, 3])
    expect(t.getChild('a')!.data[1]!.values!.buffer).toBe(a.data[0]!.values!.buffer)
    expect(t.toArray()).toEqual([{ a: 1, b: 10 }, { a: 2, b: 20 }, { a: 3, b: 30 }, { a: 4, b: 40 }, { a: 5, b: 50 }])
  })
})

describe('tableFromArrays errors', () => {
  it('rejects columns of different lengths, naming the column', () => {
    expect(() => tableFromArrays({ a: [1, 2], b: [1] })).toThrow(/column "b" has 1 rows/)
  })
  it('uses explicit types', () => {
    const t = tableFromArrays({ x: [1, 2] }, { types: { x: int32() } })
    expect(t.getChild('x')!.type).toEqual(int32())
    expect(() => tableFromArrays({ x: [1, 2] }, { types: { x: utf8() } })).toThrow(/column "x": value at index 0 is not a valid Utf8/)
  })
  it('keeps a Column field under the new name', () => {
    const t = tableFromArrays({ renamed: columnFromArray([1], undefined, { name: 'old' }) })
    expect(t.schema.fields[0]!.name).toBe('renamed')
    expect(tableFromArrays({}).numRows).toBe(0)
  })
})
