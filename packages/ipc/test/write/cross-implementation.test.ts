/**
 * What we write, others read: every sample column through apache-arrow and @uwdata/flechette@2.4.0, in
 * the stream and file formats, at both alignments and with legacy framing, with multi-batch dictionaries
 * (deltas and replacements). Values are compared after mapping our value shapes onto each peer's (decimals
 * as unscaled integers or doubles, intervals as word arrays, maps as objects).
 */
import { describe, expect, it } from 'vitest'
import { RecordBatch, Table, dataFromArray, dictionary, field, int32, makeData, schema, utf8, type Data } from '@lightstream/core'
import { tableFromIPC, tableToIPC, type TableToIPCOptions } from '@lightstream/ipc'
import { hasArrowTesting, ARROW_TESTING_DIR, integrationCases, readBytes } from '../fixtures'
import { loadPeers, type Peer } from './peers'
import { sampleColumns, sampleTable, type SampleColumn } from './sample-columns'

const { peers, missing } = await loadPeers()
if (missing.length > 0) {
  console.warn(`[skipped] cross-implementation checks for ${missing.join(', ')}: not installed (add them as devDependencies of packages/ipc, or set LIGHTSTREAM_PEERS_DIR)`)
}

/** Values to a comparable JSON shape: integers (number or bigint) as strings, views and arrays as arrays. */
function norm(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return `${v}`
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : v
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, norm)
  if (v instanceof Map) return [...v.entries()].map(norm)
  if (Array.isArray(v)) return v.map(norm)
  if (typeof v === 'object') {
    const o = v as { toJSON?: () => unknown; toArray?: () => unknown }
    if (typeof o.toJSON === 'function') return norm(o.toJSON())
    if (typeof o.toArray === 'function') return norm(o.toArray())
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]))
  }
  return v
}

/** Little-endian 32-bit words (two's complement) to a bigint. */
function wordsToBigInt(words: ArrayLike<number>): bigint {
  let out = 0n
  for (let k = words.length - 1; k >= 0; k--) out = (out << 32n) | BigInt(words[k]! >>> 0)
  const bits = BigInt(words.length * 32)
  return out >= 1n << (bits - 1n) ? out - (1n << bits) : out
}

const double = (x: unknown): string => Number(x).toPrecision(12)

/** Our value of a slot in the peer's representation, and the peer's value normalised the same way. */
function compare(column: SampleColumn, ours: Data, i: number, peer: Peer, theirs: unknown): [unknown, unknown] {
  const arrow = peer.name === 'apache-arrow'
  const name = column.name
  if (ours.get(i) === null) return [null, theirs === null || theirs === undefined ? null : norm(theirs)]
  if (name.startsWith('decimal')) {
    if (arrow) return [`${ours.get(i, { useDecimalBigInt: true }) as bigint}`, `${wordsToBigInt(theirs as Uint32Array)}`]
    return [double(ours.get(i)), double(theirs)]
  }
  if (name === 'intervalYM') {
    const months = ours.get(i) as number
    return [arrow ? norm([Math.trunc(months / 12), months % 12]) : norm(months), norm(theirs)]
  }
  if (name === 'intervalDT') {
    const v = ours.get(i) as { days: number; milliseconds: number }
    return [norm([v.days, v.milliseconds]), norm(theirs)]
  }
  if (name === 'intervalMDN') {
    const v = ours.get(i) as { months: number; days: number; nanoseconds: bigint }
    if (arrow) return [norm([v.months, v.days]), norm(Array.from(theirs as Int32Array).slice(0, 2))] // ns words aside
    return [norm([v.months, v.days, v.nanoseconds]), norm(theirs)]
  }
  const value = ours.get(i, { useBigInt: name === 'int64' || name === 'uint64' })
  if (arrow && name === 'map') return [norm(Object.fromEntries(value as [string, unknown][])), norm(theirs)]
  return [norm(value), norm(theirs)]
}

const unsupported = (e: unknown): boolean => /Unrecognized type|not supported|unsupported/i.test(String(e))

function checkColumn(peer: Peer, column: SampleColumn, options: TableToIPCOptions, slice?: [number, number]): 'ok' | 'unsupported' {
  const whole = sampleTable([column])
  const table = slice === undefined ? whole : new Table(whole.schema, [new RecordBatch(whole.schema, [whole.batches[0]!.columns[0]!.slice(...slice)], slice[1])])
  let read: ReturnType<Peer['read']>
  try {
    read = peer.read(tableToIPC(new Table(table.schema, [table.batches[0]!, table.batches[0]!]), options))
  } catch (e) {
    if (unsupported(e)) return 'unsupported'
    throw e
  }
  expect(read.numRows).toBe(2 * table.numRows)
  const theirs = read.getChildAt(0)!
  const ours = table.batches[0]!.columns[0]!
  for (let j = 0; j < theirs.length; j++) {
    const i = j % ours.length
    const value = theirs.get ? theirs.get(j) : theirs.at!(j)
    const [a, b] = compare(column, ours, i, peer, value)
    expect(b, `${peer.name} ${column.name}[${j}]`).toEqual(a)
  }
  return 'ok'
}

const variants: [string, TableToIPCOptions][] = [
  ['stream', {}],
  ['file', { format: 'file' }],
  ['stream, alignment 8', { alignment: 8 }],
  ['file, alignment 8', { format: 'file', alignment: 8 }],
]

describe.skipIf(peers.length === 0)('other implementations read what we write', () => {
  for (const peer of peers) {
    for (const [variant, options] of variants) {
      it(`${peer.name}, ${variant}: every type it supports reads back equal`, () => {
        const skipped: string[] = []
        for (const column of sampleColumns()) if (checkColumn(peer, column, options) === 'unsupported') skipped.push(column.name)
        // apache-arrow 21 has no ListView, LargeListView or RunEndEncoded; flechette reads everything.
        if (peer.name === 'flechette') expect(skipped).toEqual([])
        else expect(skipped.every((n) => /listView|largeListView|runEndEncoded/i.test(n))).toBe(true)
      })
    }

    it(`${peer.name}: sliced columns (offsets 1, 3 and 8) of every type it supports`, () => {
      for (const slice of [[1, 11], [3, 7], [8, 5]] as [number, number][]) {
        for (const column of sampleColumns()) checkColumn(peer, column, {}, slice)
      }
    })

    it(`${peer.name}: legacy framing (V4 metadata) with the types of the legacy era`, () => {
      // apache-arrow 21 cannot read V4 unions from anyone: its visitor dispatches sparse and dense unions
      // straight to visitSparseUnion/visitDenseUnion, skipping the V4 validity buffer that visitUnion
      // consumes, so it reads the (empty) validity buffer as the type ids.
      const names = ['int32', 'utf8', 'list', 'struct', 'dictionary', 'bool', 'fixedSizeBinary', 'map']
      if (peer.name !== 'apache-arrow') names.push('denseUnion', 'sparseUnion')
      for (const column of sampleColumns().filter((c) => names.includes(c.name))) {
        expect(checkColumn(peer, column, { legacyFormat: true }), column.name).toBe('ok')
        expect(checkColumn(peer, column, { legacyFormat: true, alignment: 8 }), column.name).toBe('ok')
      }
    })

    it(`${peer.name}: dictionary deltas (stream and file) and replacements (stream)`, () => {
      const t = dictionary(utf8(), int32(), 0)
      const s = schema([field('d', t)])
      const batch = (values: string[], indices: number[]) =>
        new RecordBatch(s, [makeData({ type: t, length: indices.length, values: Int32Array.from(indices), dictionary: dataFromArray(values, utf8()) })], indices.length)
      const grow = [batch(['a', 'b'], [0, 1]), batch(['a', 'b', 'c'], [2, 0]), batch(['a', 'b', 'c', 'd'], [3])]
      const replace = [...grow, batch(['z'], [0, 0])]
      const rows = (read: ReturnType<Peer['read']>) => Array.from({ length: read.numRows }, (_, i) => {
        const c = read.getChildAt(0)!
        return c.get ? c.get(i) : c.at!(i)
      })
      expect(rows(peer.read(tableToIPC(new Table(s, grow))))).toEqual(['a', 'b', 'c', 'a', 'd'])
      expect(rows(peer.read(tableToIPC(new Table(s, grow), { format: 'file' })))).toEqual(['a', 'b', 'c', 'a', 'd'])
      // flechette 2.4.0 decodes every dictionary batch before any record batch, so the last dictionary of
      // an id applies to all batches: it cannot read replacements (by design, not a writer issue).
      if (peer.name !== 'flechette') expect(rows(peer.read(tableToIPC(new Table(s, replace))))).toEqual(['a', 'b', 'c', 'a', 'd', 'z', 'z'])
    })
  }

  /** Every value of a peer's table, normalised: the peer's own representation on both sides. */
  const dump = (read: ReturnType<Peer['read']>, columns: number): unknown => Array.from({ length: columns }, (_, k) => {
    const c = read.getChildAt(k)!
    return Array.from({ length: c.length }, (_, i) => norm(c.get ? c.get(i) : c.at!(i)))
  })

  describe.skipIf(!hasArrowTesting)('the arrow-testing integration files, rewritten by us, read the same as the originals', () => {
    const producers = ['cpp-21.0.0', '1.0.0-littleendian', '4.0.0-shareddict']
    for (const peer of peers) {
      it(`${peer.name}`, () => {
        let compared = 0
        for (const producer of producers) {
          for (const c of integrationCases(ARROW_TESTING_DIR, producer)) {
            const bytes = readBytes(c.stream)
            let original: unknown
            let columns = 0
            try {
              const t = peer.read(bytes)
              columns = tableFromIPC(bytes).numCols
              original = dump(t, columns)
            } catch {
              continue // the peer cannot read this case at all
            }
            const ours = tableFromIPC(bytes)
            for (const format of ['stream', 'file'] as const) {
              expect(dump(peer.read(tableToIPC(ours, { format })), columns), `${producer}/${c.name} ${format}`).toEqual(original)
            }
            compared++
          }
        }
        expect(compared).toBeGreaterThan(20)
      })
    }
  })
})
