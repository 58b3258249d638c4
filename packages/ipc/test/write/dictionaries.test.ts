import { describe, expect, it } from 'vitest'
import {
  InvalidArgumentError, InvalidDataError, RecordBatch, Table, UnsupportedFeatureError,
  dataFromArray, dictionary, field, int32, int8, list, makeData, schema, struct, utf8, type Data, type DictionaryType,
} from '@lightstream/core'
import { tableToIPC, type TableToIPCOptions } from '@lightstream/ipc'
import { decodeFile, decodeStream, rowsOf, type Decoded } from './decode-for-test'

const color = dictionary(utf8(), int32(), 7)
const s = schema([field('c', color)])

const words = (values: string[]): Data => dataFromArray(values, utf8())
/** Dictionary-encoded data over `dict` with these indices (null = null slot). */
function encoded(type: DictionaryType, dict: Data, indices: (number | null)[]): Data {
  return makeData({
    type, length: indices.length, values: Int32Array.from(indices, (i) => i ?? 0),
    validity: indices.some((i) => i === null) ? indices.map((i) => i !== null) : null, dictionary: dict,
  })
}
const batch = (...columns: Data[]): RecordBatch => new RecordBatch(s, columns, columns[0]!.length)

/** `d1`, `d2+`, `d3r`: dictionary batches (id, + delta, r replacement) and `rb` for record batches. */
function sequence(d: Decoded): string[] {
  return d.messages.map((m) => {
    const h = m.metadata.header
    if (h.type === 'schema') return 'schema'
    if (h.type === 'recordBatch') return 'rb'
    return `d${h.id}${h.isDelta ? '+' : ''}:${h.data.length}`
  })
}

function roundTrip(batches: RecordBatch[], options: TableToIPCOptions = {}, sch = s): Decoded {
  const table = new Table(sch, batches)
  const bytes = tableToIPC(table, options)
  const d = options.format === 'file' ? decodeFile(bytes) : decodeStream(bytes)
  expect(rowsOf(d.batches)).toEqual(rowsOf(table.batches))
  return d
}

describe('dictionary messages: nothing, delta or replacement', () => {
  const rgb = words(['red', 'green', 'blue'])

  it('the same dictionary Data is sent once', () => {
    const d = roundTrip([batch(encoded(color, rgb, [0, 1])), batch(encoded(color, rgb, [2, null])), batch(encoded(color, rgb, [1]))])
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'rb', 'rb'])
  })

  it('an equal dictionary in another Data is not sent again', () => {
    const d = roundTrip([batch(encoded(color, rgb, [0])), batch(encoded(color, words(['red', 'green', 'blue']), [2]))])
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'rb'])
  })

  it('a grown dictionary goes out as a delta of the new values only', () => {
    const grown = words(['red', 'green', 'blue', 'cyan', 'magenta'])
    const d = roundTrip([batch(encoded(color, rgb, [0])), batch(encoded(color, grown, [3, 4, 0])), batch(encoded(color, grown, [4]))])
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'd7+:2', 'rb', 'rb'])
  })

  it('a changed dictionary goes out whole as a replacement', () => {
    const other = words(['red', 'yellow', 'blue', 'black'])
    const shorter = words(['red'])
    const d = roundTrip([batch(encoded(color, rgb, [1])), batch(encoded(color, other, [1, 3])), batch(encoded(color, shorter, [0]))])
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'd7:4', 'rb', 'd7:1', 'rb'])
  })

  it('dictionaryDeltas: false sends growth as a replacement', () => {
    const grown = words(['red', 'green', 'blue', 'cyan'])
    const d = roundTrip([batch(encoded(color, rgb, [0])), batch(encoded(color, grown, [3]))], { dictionaryDeltas: false })
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'd7:4', 'rb'])
  })

  it('compares values with nulls and sliced dictionaries', () => {
    const withNull = dataFromArray(['a', null, 'b'], utf8())
    const sameNull = dataFromArray(['x', 'a', null, 'b', 'c'], utf8()).slice(1, 3)
    const d = roundTrip([batch(encoded(color, withNull, [0, 1])), batch(encoded(color, sameNull, [2])), batch(encoded(color, dataFromArray(['a', null, 'b', 'z'], utf8()), [3]))])
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'rb', 'd7+:1', 'rb'])
  })

  it('the file format takes deltas and refuses replacements', () => {
    const grown = words(['red', 'green', 'blue', 'cyan'])
    const d = roundTrip([batch(encoded(color, rgb, [0])), batch(encoded(color, grown, [3]))], { format: 'file' })
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb', 'd7+:1', 'rb'])
    expect(d.footer!.dictionaries).toHaveLength(2)
    const table = new Table(s, [batch(encoded(color, rgb, [0])), batch(encoded(color, words(['blue']), [0]))])
    expect(() => tableToIPC(table, { format: 'file' })).toThrow(UnsupportedFeatureError)
    expect(() => tableToIPC(new Table(s, [batch(encoded(color, rgb, [0])), batch(encoded(color, grown, [3]))]), { format: 'file', dictionaryDeltas: false })).toThrow(UnsupportedFeatureError)
    expect(sequence(decodeStream(tableToIPC(table)))).toEqual(['schema', 'd7:3', 'rb', 'd7:1', 'rb'])
  })

  it('two columns sharing an id send one dictionary; different dictionaries under one id are refused', () => {
    const two = schema([field('a', color), field('b', color)])
    const d = roundTrip([new RecordBatch(two, [encoded(color, rgb, [0]), encoded(color, words(['red', 'green', 'blue']), [2])], 1)], {}, two)
    expect(sequence(d)).toEqual(['schema', 'd7:3', 'rb'])
    const clash = new Table(two, [new RecordBatch(two, [encoded(color, rgb, [0]), encoded(color, words(['x']), [0])], 1)])
    expect(() => tableToIPC(clash)).toThrow(InvalidArgumentError)
  })

  it('many dictionaries in one batch: each id once, in first-seen order, clashes refused', () => {
    // More ids than the writer looks up by scanning, so the lookup by id goes through its map too.
    const types = Array.from({ length: 12 }, (_, k) => dictionary(utf8(), int32(), 100 + k))
    const many = schema([...types.map((t, k) => field(`c${k}`, t)), field('again', types[10]!), field('first', types[0]!)])
    const dicts = types.map((_, k) => words([`v${k}`, `w${k}`]))
    const columns = [...types.map((t, k) => encoded(t, dicts[k]!, [k % 2, null])), encoded(types[10]!, words(['v10', 'w10']), [1, 0]), encoded(types[0]!, dicts[0]!, [0, 0])]
    const d = roundTrip([new RecordBatch(many, columns, 2)], {}, many)
    expect(sequence(d)).toEqual(['schema', ...types.map((_, k) => `d${100 + k}:2`), 'rb'])
    for (const [late, early] of [[10, 10], [0, 0]] as const) {
      const clashing = [...columns]
      clashing[late === 10 ? 12 : 13] = encoded(types[early]!, words(['other']), [0, 0])
      expect(() => tableToIPC(new Table(many, [new RecordBatch(many, clashing, 2)]))).toThrow(/use dictionary id/)
    }
  })

  it('an empty column without a dictionary gets an empty one; a non-empty one is an error', () => {
    const empty = makeData({ type: color, length: 0 })
    const d = roundTrip([batch(empty), batch(encoded(color, rgb, [1]))])
    expect(sequence(d)).toEqual(['schema', 'd7:0', 'rb', 'd7+:3', 'rb'])
    expect(() => tableToIPC(new Table(s, [batch(makeData({ type: color, length: 2, values: new Int32Array(2) }))]))).toThrow(InvalidDataError)
  })

  it('dictionaries inside structs and lists, with other index widths', () => {
    const small = dictionary(utf8(), int8(), 3)
    const inner = makeData({ type: small, length: 3, values: Int8Array.of(0, 1, 0), dictionary: words(['p', 'q']) })
    const nested = schema([field('s', struct([field('k', small)])), field('l', list(color))])
    const st = makeData({ type: nested.fields[0]!.type, length: 3, children: [inner] })
    const ls = makeData({ type: nested.fields[1]!.type, length: 3, offsets: [0, 1, 1, 3], children: [encoded(color, rgb, [2, 0, 1])] })
    const d = roundTrip([new RecordBatch(nested, [st, ls], 3)], {}, nested)
    expect(sequence(d)).toEqual(['schema', 'd3:2', 'd7:3', 'rb'])
  })
})

describe('nested dictionaries (dictionary values that are dictionary-encoded)', () => {
  const innerType = dictionary(utf8(), int32(), 1)
  const outerType = dictionary(list(innerType), int32(), 2)
  const ns = schema([field('o', outerType)])
  /** Outer dictionary: lists of inner indices over `innerDict`. */
  const outer = (innerDict: Data, lists: number[][], indices: number[]): Data => {
    const flat = lists.flat()
    const values = encoded(innerType, innerDict, flat)
    const offsets = [0]
    for (const l of lists) offsets.push(offsets.at(-1)! + l.length)
    const dict = makeData({ type: outerType.dictionary, length: lists.length, offsets, children: [values] })
    return encoded(outerType, dict, indices)
  }

  it('sends the inner dictionary before the outer one', () => {
    const inner = words(['a', 'b'])
    const d = roundTrip([new RecordBatch(ns, [outer(inner, [[0, 1], [1]], [1, 0])], 2)], {}, ns)
    expect(sequence(d)).toEqual(['schema', 'd1:2', 'd2:2', 'rb'])
    expect(rowsOf(d.batches)).toEqual([{ o: ['b'] }, { o: ['a', 'b'] }])
  })

  it('an inner delta leaves the outer dictionary alone; an inner replacement forces an outer replacement', () => {
    const ab = words(['a', 'b'])
    const abc = words(['a', 'b', 'c'])
    const ba = words(['b', 'a'])
    const first = outer(ab, [[0, 1], [1]], [1])
    const grown = outer(abc, [[0, 1], [1]], [0]) // same outer values, inner grew
    // Inner replaced by a reordering; the outer values are the same strings but point elsewhere.
    const reordered = outer(ba, [[1, 0], [0]], [0, 1])
    const d = roundTrip(
      [new RecordBatch(ns, [first], 1), new RecordBatch(ns, [grown], 1), new RecordBatch(ns, [reordered], 2)],
      {}, ns,
    )
    expect(sequence(d)).toEqual(['schema', 'd1:2', 'd2:2', 'rb', 'd1+:1', 'rb', 'd1:2', 'd2:2', 'rb'])
  })
})
