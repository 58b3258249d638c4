import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidDataError, Type, UnsupportedFeatureError, validate } from '@lightstream/core'
import type { Data } from '@lightstream/core'
import { readIntegrationJson, tableFromIntegrationJson } from '@lightstream/ipc'

/** A one-column document: `type` JSON, `column` JSON (name and count filled in), optional dictionaries. */
function doc(type: object, column: object, options: { children?: object[]; dictionary?: object; dictionaries?: object[]; count?: number } = {}): string {
  const count = options.count ?? (column as { count?: number }).count ?? 0
  const field = { name: 'f', type, nullable: true, children: options.children ?? [], ...(options.dictionary ? { dictionary: options.dictionary } : {}) }
  return JSON.stringify({
    schema: { fields: [field] },
    ...(options.dictionaries ? { dictionaries: options.dictionaries } : {}),
    batches: [{ count, columns: [{ name: 'f', count, ...column }] }],
  })
}

/** The single column of the single batch, validated. */
function column(text: string): Data {
  const { batches } = readIntegrationJson(text)
  const data = batches[0]!.columns[0]!
  validate(batches[0]!)
  return data
}

function values(data: Data, options = {}): unknown[] {
  return Array.from({ length: data.length }, (_, i) => data.get(i, options))
}

const INT64 = { name: 'int', isSigned: true, bitWidth: 64 }

describe('readIntegrationJson: lossless 64-bit values', () => {
  it('reads int64 extremes written as decimal strings exactly', () => {
    const data = column(doc(INT64, { count: 3, VALIDITY: [1, 1, 1], DATA: ['9223372036854775807', '-9223372036854775808', '-1'] }))
    expect(values(data, { useBigInt: true })).toEqual([2n ** 63n - 1n, -(2n ** 63n), -1n])
  })

  it('reads uint64 up to 2^64 - 1, and bare integers beyond 2^53 exactly', () => {
    const text = doc({ name: 'int', isSigned: false, bitWidth: 64 }, { count: 2, VALIDITY: [1, 1], DATA: ['18446744073709551615', 0] })
    expect(values(column(text), { useBigInt: true })).toEqual([2n ** 64n - 1n, 0n])
    const bare = doc(INT64, { count: 1, VALIDITY: [1], DATA: ['BARE'] }).replace('"BARE"', '9007199254740993')
    expect(values(column(bare), { useBigInt: true })).toEqual([9007199254740993n])
  })

  it('reads bare MONTH_DAY_NANO nanoseconds beyond 2^53 exactly', () => {
    const text = doc({ name: 'interval', unit: 'MONTH_DAY_NANO' }, { count: 3, VALIDITY: [1, 1, 0], DATA: 'BARE' }).replace(
      '"BARE"',
      '[{"months":1,"days":-2,"nanoseconds":9223372036854775807},{"months":-2147483648,"days":2147483647,"nanoseconds":-9223372036854775808},{"months":0,"days":0,"nanoseconds":9007199254740993}]',
    )
    expect(values(column(text))).toEqual([
      { months: 1, days: -2, nanoseconds: 2n ** 63n - 1n },
      { months: -2147483648, days: 2147483647, nanoseconds: -(2n ** 63n) },
      null,
    ])
  })

  it('rejects integers that do not fit their width instead of wrapping', () => {
    expect(() => column(doc(INT64, { count: 1, VALIDITY: [1], DATA: ['9223372036854775808'] }))).toThrow(InvalidDataError)
    expect(() => column(doc({ name: 'int', isSigned: true, bitWidth: 8 }, { count: 1, VALIDITY: [1], DATA: [128] }))).toThrow(/\[-128, 127\]/)
    expect(() => column(doc({ name: 'int', isSigned: false, bitWidth: 32 }, { count: 1, VALIDITY: [1], DATA: [-1] }))).toThrow(InvalidDataError)
    expect(() => column(doc(INT64, { count: 1, VALIDITY: [1], DATA: [1.5] }))).toThrow(InvalidDataError)
  })
})

describe('readIntegrationJson: binary and decimals', () => {
  it('decodes upper- and lower-case hex binary, with nulls and empty values', () => {
    const data = column(doc({ name: 'binary' }, { count: 4, VALIDITY: [1, 0, 1, 1], OFFSET: [0, 3, 3, 3, 4], DATA: ['00FF7a', '', '', 'AB'] }))
    expect(values(data)).toEqual([Uint8Array.of(0, 255, 122), null, new Uint8Array(0), Uint8Array.of(0xab)])
    expect(Array.from(data.offsets as Int32Array)).toEqual([0, 3, 3, 3, 4])
  })

  it('rejects bad hex and fixed-size values of the wrong width', () => {
    expect(() => column(doc({ name: 'binary' }, { count: 1, VALIDITY: [1], DATA: ['ABC'] }))).toThrow(/odd length/)
    expect(() => column(doc({ name: 'binary' }, { count: 1, VALIDITY: [1], DATA: ['ZZ'] }))).toThrow(/not hexadecimal/)
    expect(() => column(doc({ name: 'fixedsizebinary', byteWidth: 2 }, { count: 1, VALIDITY: [1], DATA: ['AABBCC'] }))).toThrow(/2 bytes of hex/)
    expect(values(column(doc({ name: 'fixedsizebinary', byteWidth: 2 }, { count: 1, VALIDITY: [1], DATA: ['AABB'] })))).toEqual([Uint8Array.of(0xaa, 0xbb)])
  })

  it('reads large utf8 with 64-bit offsets as strings', () => {
    const data = column(doc({ name: 'largeutf8' }, { count: 2, VALIDITY: [1, 1], OFFSET: ['0', '2', '5'], DATA: ['µ', '矢'] }))
    expect(values(data)).toEqual(['µ', '矢'])
    expect(data.offsets).toBeInstanceOf(BigInt64Array)
  })

  it('reads decimals as unscaled integers with the scale applied, in every width', () => {
    const dec = (bitWidth: number, DATA: string[]) =>
      values(column(doc({ name: 'decimal', precision: 9, scale: 2, bitWidth }, { count: DATA.length, VALIDITY: DATA.map(() => 1), DATA })))
    expect(dec(32, ['-12345', '999999999', '1'])).toEqual(['-123.45', '9999999.99', '0.01'])
    expect(dec(64, ['-12345', '-1', '9223372036854775807'])).toEqual(['-123.45', '-0.01', '92233720368547758.07'])
    expect(dec(128, ['-1', '0', '-170141183460469231731687303715884105728'])).toEqual(['-0.01', '0.00', '-1701411834604692317316873037158841057.28'])
    const max256 = (2n ** 255n - 1n).toString()
    expect(dec(256, ['-98765', max256])).toEqual(['-987.65', `${max256.slice(0, -2)}.${max256.slice(-2)}`])
  })

  it('defaults a decimal without bitWidth to 128 bits and does not enforce its precision (old producers)', () => {
    const data = column(doc({ name: 'decimal', precision: 3, scale: 2 }, { count: 1, VALIDITY: [1], DATA: ['12810'] }))
    expect(data.type).toMatchObject({ typeId: Type.Decimal, bitWidth: 128, precision: 3 })
    expect(data.get(0)).toBe('128.10')
  })

  it('rejects a decimal that does not fit its width', () => {
    expect(() => column(doc({ name: 'decimal', precision: 9, scale: 0, bitWidth: 32 }, { count: 1, VALIDITY: [1], DATA: ['2147483648'] }))).toThrow(/does not fit 32 bits/)
  })
})

describe('readIntegrationJson: views, list views, run ends, unions, maps', () => {
  it('builds binary and utf8 views, inline and referencing variadic buffers', () => {
    const bv = column(doc({ name: 'binaryview' }, {
      count: 3, VALIDITY: [1, 1, 0],
      VIEWS: [{ SIZE: 2, INLINED: 'F34D' }, { SIZE: 13, PREFIX_HEX: '00010203', BUFFER_INDEX: 1, OFFSET: 2 }, { SIZE: 0, INLINED: '' }],
      VARIADIC_DATA_BUFFERS: ['FF', 'AAAA000102030405060708090A0B0C'],
    }))
    expect(values(bv)).toEqual([Uint8Array.of(0xf3, 0x4d), Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), null])
    const sv = column(doc({ name: 'utf8view' }, { count: 2, VALIDITY: [1, 1], VIEWS: [{ SIZE: 8, INLINED: 'µppjldl' }, { SIZE: 14, PREFIX_HEX: '6BE282AC', BUFFER_INDEX: 0, OFFSET: 0 }], VARIADIC_DATA_BUFFERS: ['6BE282AC67E79FA2E282AC6CC382'] }))
    expect(values(sv)).toEqual(['µppjldl', 'k€g矢€lÂ'])
  })

  it('rejects a view whose inlined bytes contradict its SIZE', () => {
    expect(() => column(doc({ name: 'binaryview' }, { count: 1, VALIDITY: [1], VIEWS: [{ SIZE: 3, INLINED: 'F34D' }], VARIADIC_DATA_BUFFERS: [] }))).toThrow(/SIZE 3/)
  })

  it('builds list views (out of order, overlapping) and large list views', () => {
    const item = [{ name: 'item', type: { name: 'int', isSigned: true, bitWidth: 32 }, nullable: true, children: [] }]
    const child = { name: 'item', count: 4, VALIDITY: [1, 1, 1, 0], DATA: [1, 2, 3, 4] }
    const lv = column(doc({ name: 'listview' }, { count: 3, VALIDITY: [1, 0, 1], OFFSET: [2, 0, 0], SIZE: [2, 0, 3], children: [child] }, { children: item }))
    expect(values(lv)).toEqual([[3, null], null, [1, 2, 3]])
    const llv = column(doc({ name: 'largelistview' }, { count: 1, VALIDITY: [1], OFFSET: ['1'], SIZE: ['2'], children: [child] }, { children: item }))
    expect(values(llv)).toEqual([[2, 3]])
    expect(llv.sizes).toBeInstanceOf(BigInt64Array)
  })

  it('builds run-end encoded data with 64-bit run ends', () => {
    const children = [
      { name: 'run_ends', type: INT64, nullable: false, children: [] },
      { name: 'values', type: { name: 'utf8' }, nullable: true, children: [] },
    ]
    const data = column(doc({ name: 'runendencoded' }, {
      count: 5,
      children: [{ name: 'run_ends', count: 2, VALIDITY: [1, 1], DATA: ['2', '5'] }, { name: 'values', count: 2, VALIDITY: [1, 0], OFFSET: [0, 1, 1], DATA: ['a', ''] }],
    }, { children }))
    expect(values(data)).toEqual(['a', 'a', null, null, null])
  })

  it('builds sparse and dense unions with declared type codes', () => {
    const children = [
      { name: 'i', type: { name: 'int', isSigned: true, bitWidth: 16 }, nullable: true, children: [] },
      { name: 's', type: { name: 'utf8' }, nullable: true, children: [] },
    ]
    const dense = column(doc({ name: 'union', mode: 'DENSE', typeIds: [10, 20] }, {
      count: 3, TYPE_ID: [20, 10, 20], OFFSET: [0, 0, 1],
      children: [{ name: 'i', count: 1, VALIDITY: [1], DATA: [-7] }, { name: 's', count: 2, VALIDITY: [1, 0], OFFSET: [0, 2, 2], DATA: ['hi', ''] }],
    }, { children }))
    expect(values(dense)).toEqual(['hi', -7, null])
    expect(Array.from(dense.typeIds!)).toEqual([20, 10, 20])
    const sparse = column(doc({ name: 'union', mode: 'SPARSE', typeIds: [5, 7] }, {
      count: 2, TYPE_ID: [7, 5],
      children: [{ name: 'i', count: 2, VALIDITY: [0, 1], DATA: [0, 9] }, { name: 's', count: 2, VALIDITY: [1, 1], OFFSET: [0, 1, 1], DATA: ['x', ''] }],
    }, { children }))
    expect(values(sparse)).toEqual(['x', 9])
  })

  it('builds maps whose entries struct has any name', () => {
    const children = [{ name: 'kv', type: { name: 'struct' }, nullable: false, children: [
      { name: 'k', type: { name: 'utf8' }, nullable: false, children: [] },
      { name: 'v', type: { name: 'int', isSigned: true, bitWidth: 32 }, nullable: true, children: [] },
    ] }]
    const data = column(doc({ name: 'map', keysSorted: true }, {
      count: 2, VALIDITY: [1, 1], OFFSET: [0, 2, 2],
      children: [{ name: 'kv', count: 2, VALIDITY: [1, 1], children: [{ name: 'k', count: 2, VALIDITY: [1, 1], OFFSET: [0, 1, 2], DATA: ['a', 'b'] }, { name: 'v', count: 2, VALIDITY: [1, 0], DATA: [1, 2] }] }],
    }, { children }))
    expect(values(data)).toEqual([[['a', 1], ['b', null]], []])
    expect(data.type).toMatchObject({ typeId: Type.Map, keysSorted: true })
  })
})

describe('readIntegrationJson: dictionaries, metadata, names', () => {
  it('resolves nested dictionaries in any order and shares one dictionary between fields', () => {
    const int8 = { name: 'int', isSigned: true, bitWidth: 8 }
    const text = JSON.stringify({
      schema: { fields: [
        { name: 'l', type: { name: 'list' }, nullable: true, dictionary: { id: 1, indexType: int8, isOrdered: false },
          children: [{ name: 's', type: { name: 'utf8' }, nullable: true, children: [], dictionary: { id: 0, indexType: int8, isOrdered: true } }] },
        { name: 't', type: { name: 'utf8' }, nullable: true, children: [], dictionary: { id: 0, indexType: int8, isOrdered: true } },
      ] },
      dictionaries: [
        { id: 1, data: { count: 2, columns: [{ name: 'DICT1', count: 2, VALIDITY: [1, 1], OFFSET: [0, 2, 3], children: [{ name: 's', count: 3, VALIDITY: [1, 1, 0], DATA: [1, 0, 0] }] }] } },
        { id: 0, data: { count: 2, columns: [{ name: 'DICT0', count: 2, VALIDITY: [1, 1], OFFSET: [0, 1, 2], DATA: ['x', 'y'] }] } },
      ],
      batches: [{ count: 3, columns: [
        { name: 'l', count: 3, VALIDITY: [1, 1, 0], DATA: [1, 0, 0] },
        { name: 't', count: 3, VALIDITY: [1, 1, 1], DATA: [1, 1, 0] },
      ] }],
    })
    const json = readIntegrationJson(text)
    expect([...json.dictionaries.keys()].sort()).toEqual([0, 1])
    const table = tableFromIntegrationJson(text)
    validate(table)
    expect(table.toArray()).toEqual([{ l: [null], t: 'y' }, { l: ['y', 'x'], t: 'y' }, { l: null, t: 'x' }])
    // One Data per dictionary id, shared by both fields and by the nested use inside dictionary 1.
    const [l, t] = json.batches[0]!.columns
    expect(t!.dictionary).toBe(json.dictionaries.get(0))
    expect(l!.dictionary).toBe(json.dictionaries.get(1))
    expect(l!.dictionary!.children[0]!.dictionary).toBe(json.dictionaries.get(0))
  })

  it('keeps field, schema and extension metadata, and duplicate and empty names', () => {
    const text = JSON.stringify({
      schema: {
        fields: [
          { name: 'a', type: { name: 'fixedsizebinary', byteWidth: 1 }, nullable: true, children: [], metadata: [{ key: 'ARROW:extension:name', value: 'x.ext' }, { key: 'ARROW:extension:metadata', value: '' }] },
          { name: 'a', type: { name: 'struct' }, nullable: false, children: [{ name: '', type: { name: 'bool' }, nullable: true, children: [] }, { name: '', type: { name: 'null' }, nullable: true, children: [] }] },
        ],
        metadata: [{ key: 'k', value: 'v' }],
      },
      batches: [{ count: 1, columns: [
        { name: 'a', count: 1, VALIDITY: [1], DATA: ['0F'] },
        { name: 'a', count: 1, VALIDITY: [1], children: [{ name: '', count: 1, VALIDITY: [1], DATA: [true] }, { name: '', count: 1 }] },
      ] }],
    })
    const { schema, batches } = readIntegrationJson(text)
    validate(batches[0]!)
    expect(schema.metadata).toEqual(new Map([['k', 'v']]))
    expect(schema.fields.map((f) => f.name)).toEqual(['a', 'a'])
    expect(schema.fields[0]!.metadata.get('ARROW:extension:name')).toBe('x.ext')
    expect(schema.fields[0]!.type.typeId).toBe(Type.FixedSizeBinary)
    expect(schema.fields[1]!.nullable).toBe(false)
    expect(batches[0]!.columns[1]!.children[0]!.get(0)).toBe(true)
  })
})

describe('readIntegrationJson: malformed documents', () => {
  const int32 = { name: 'int', isSigned: true, bitWidth: 32 }
  it.each([
    ['not JSON', '{"schema": ', InvalidArgumentError, /invalid JSON/],
    ['no schema', '{"batches": []}', InvalidDataError, /schema/],
    ['unknown type', doc({ name: 'float128' }, { count: 0 }), UnsupportedFeatureError, /float128/],
    ['DATA shorter than count', doc(int32, { count: 2, VALIDITY: [1, 1], DATA: [1] }), InvalidDataError, /"DATA" has 1 entries, expected 2/],
    ['VALIDITY of the wrong length', doc(int32, { count: 2, VALIDITY: [1], DATA: [1, 2] }), InvalidDataError, /VALIDITY/],
    ['VALIDITY entry 2', doc(int32, { count: 1, VALIDITY: [2], DATA: [1] }), InvalidDataError, /0 or 1/],
    ['column count differs from batch count', doc(int32, { count: 1, VALIDITY: [1], DATA: [1] }, { count: 2 }), InvalidDataError, /differs from the batch count/],
    ['negative count', doc(int32, { count: -1 }), InvalidDataError, /"count"/],
    ['missing dictionary', doc({ name: 'utf8' }, { count: 1, VALIDITY: [1], DATA: [0] }, { dictionary: { id: 3, indexType: int32 } }), InvalidDataError, /no dictionary with id 3/],
    ['unused dictionary', doc(int32, { count: 0, DATA: [] }, { dictionaries: [{ id: 9, data: { count: 0, columns: [{ count: 0 }] } }] }), InvalidDataError, /not used/],
    ['list without children', doc({ name: 'list' }, { count: 0 }), InvalidDataError, /needs 1 children/],
    ['float given as text', doc({ name: 'floatingpoint', precision: 'DOUBLE' }, { count: 1, VALIDITY: [1], DATA: ['x'] }), InvalidDataError, /must be a number/],
  ])('%s', (_, text, ErrorClass, message) => {
    expect(() => readIntegrationJson(text)).toThrow(ErrorClass)
    expect(() => readIntegrationJson(text)).toThrow(message)
  })

  it('names the batch and column path of a problem deep inside', () => {
    const children = [{ name: 'item', type: int32, nullable: true, children: [] }]
    const text = doc({ name: 'list' }, { count: 1, VALIDITY: [1], OFFSET: [0, 1], children: [{ name: 'item', count: 1, VALIDITY: [1], DATA: ['x'] }] }, { children })
    expect(() => readIntegrationJson(text)).toThrow(/^batch 0: f\[\]: expected an integer .*got "x"/)
  })

  it('never allocates from a huge declared count alone', () => {
    expect(() => readIntegrationJson(doc(int32, { count: 2_000_000_000, VALIDITY: [], DATA: [] }))).toThrow(InvalidDataError)
    // The Null type has no buffers: a large count costs nothing.
    expect(column(doc({ name: 'null' }, { count: 2_000_000_000 })).length).toBe(2_000_000_000)
  })
})
