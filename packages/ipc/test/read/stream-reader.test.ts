import { describe, expect, it } from 'vitest'
import { AbortError, InvalidArgumentError, IpcFormatError, Table, TruncatedInputError, dictionary, field, int32, schema, tableFromArrays, utf8, type RecordBatch } from '@lightstream/core'
import { chunkEvery } from '@lightstream/framing/testing'
import { AsyncIpcStreamReader, IpcStreamReader, createReadStats, openIpcStream, tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { EOS, batchMessage, bits, concat, i32, schemaMessage } from './craft-stream'

const s = schema([field('x', int32())])
const batches = [
  batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 1 }], buffers: [bits(1, 0, 1), i32(1, 2, 3)] }),
  batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [new Uint8Array(0), i32(4, 5)] }),
]
const messages = [schemaMessage(s), ...batches, EOS]
const stream = concat(messages)

const rows = (list: readonly RecordBatch[]): unknown[] =>
  list.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.columns[0]!.get(i)))

/** A sync chunk source that records how many chunks were pulled and whether it was released. */
function tracked(chunks: Uint8Array[]): Iterable<Uint8Array> & { pulled: number; released: boolean } {
  const t = {
    pulled: 0,
    released: false,
    *[Symbol.iterator](): Generator<Uint8Array> {
      try {
        for (const c of chunks) {
          t.pulled++
          yield c
        }
      } finally {
        t.released = true
      }
    },
  }
  return t
}

async function* asyncChunks(chunks: Uint8Array[], onReturn?: () => void): AsyncGenerator<Uint8Array> {
  try {
    for (const c of chunks) {
      await Promise.resolve()
      yield c
    }
  } finally {
    onReturn?.()
  }
}

describe('IpcStreamReader (sync)', () => {
  it('knows the schema after reading only the schema message, then pulls one message per batch', () => {
    const source = tracked(messages)
    const reader = IpcStreamReader.from(source)
    expect(reader.schema.fields[0]!.name).toBe('x')
    expect(source.pulled).toBe(1)
    const first = reader.read()!
    expect(source.pulled).toBe(2)
    expect(rows([first])).toEqual([1, null, 3])
    expect(rows([...reader])).toEqual([4, 5])
    expect(source.released).toBe(true)
    expect(reader.read()).toBeUndefined()
  })

  it('gives the same batches at any chunking; frames within a chunk are views, spanning ones one counted copy', () => {
    const whole = createReadStats()
    const batch = IpcStreamReader.from(messages, { stats: whole }).read()!
    expect(whole.framingCopies).toBe(0)
    expect((batch.columns[0]!.values as Int32Array).buffer).toBe(messages[1]!.buffer)
    const split = createReadStats()
    expect(rows(IpcStreamReader.from(chunkEvery(stream, 1), { stats: split }).readAll().batches)).toEqual([1, null, 3, 4, 5])
    expect(split.framingCopies).toBeGreaterThan(0)
    expect(split.copies).toBe(0) // the spanning copies are 64-byte aligned: no buffer needed a second copy
  })

  it('stops at the end-of-stream marker and releases the source; a stream may also just end', () => {
    const source = tracked([...messages, Uint8Array.of(1, 2, 3)])
    expect(rows(IpcStreamReader.from(source).readAll().batches)).toEqual([1, null, 3, 4, 5])
    expect(source.released).toBe(true)
    expect(rows(tableFromIPC(concat(messages.slice(0, 3))).batches)).toEqual([1, null, 3, 4, 5])
  })

  it('closes the source when a loop leaves early', () => {
    const source = tracked(messages)
    const reader = IpcStreamReader.from(source)
    for (const batch of reader) {
      expect(batch.numRows).toBe(3)
      break
    }
    expect(source.released).toBe(true)
    expect(reader.read()).toBeUndefined()
  })

  it('refuses streams without a schema first, a second schema, and a cut message', () => {
    expect(() => IpcStreamReader.from([])).toThrow(IpcFormatError)
    expect(() => IpcStreamReader.from([EOS])).toThrow(IpcFormatError)
    expect(() => IpcStreamReader.from([batches[0]!])).toThrow(/first message must be a Schema/)
    expect(() => IpcStreamReader.from([schemaMessage(s), schemaMessage(s)]).readAll()).toThrow(/second Schema/)
    expect(() => IpcStreamReader.from([stream.subarray(0, stream.length - 20)]).readAll()).toThrow(TruncatedInputError)
    expect(() => tableFromIPC(stream.subarray(0, stream.length - 20))).toThrow(TruncatedInputError)
    expect(() => tableFromIPC(new Uint8Array(0))).toThrow(IpcFormatError)
    expect(() => IpcStreamReader.from(42 as unknown as Uint8Array)).toThrow(/expects/)
    const file = concat([Uint8Array.of(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0), stream])
    expect(() => IpcStreamReader.from(file)).toThrow(/IpcFileReader/)
  })
})

describe('AsyncIpcStreamReader', () => {
  it('yields batches from an async source as messages complete', async () => {
    const reader = await AsyncIpcStreamReader.from(asyncChunks(chunkEvery(stream, 7)))
    expect(reader.schema.fields.length).toBe(1)
    const out: RecordBatch[] = []
    for await (const batch of reader) out.push(batch)
    expect(rows(out)).toEqual([1, null, 3, 4, 5])
  })

  it('openIpcStream: sync sources give a sync reader, async ones a promise of an async reader', async () => {
    const sync = openIpcStream(messages)
    expect(sync).toBeInstanceOf(IpcStreamReader)
    const live = await openIpcStream(asyncChunks(messages))
    expect(live).toBeInstanceOf(AsyncIpcStreamReader)
    expect(rows((await live.readAll()).batches)).toEqual(rows(sync.readAll().batches))
  })

  it('releases the source when the loop leaves early, and stops on abort', async () => {
    let returned = false
    const reader = await AsyncIpcStreamReader.from(asyncChunks(messages, () => { returned = true }))
    for await (const batch of reader) {
      expect(batch.numRows).toBe(3)
      break
    }
    expect(returned).toBe(true)

    const controller = new AbortController()
    const aborting = await AsyncIpcStreamReader.from(asyncChunks(messages), { signal: controller.signal })
    await aborting.read()
    controller.abort('enough')
    await expect(aborting.read()).rejects.toThrow(AbortError)
  })

  it('rejects a stream that does not start with a schema', async () => {
    await expect(AsyncIpcStreamReader.from(asyncChunks([]))).rejects.toThrow(IpcFormatError)
    await expect(AsyncIpcStreamReader.from(asyncChunks([batches[1]!]))).rejects.toThrow(IpcFormatError)
  })
})

describe('recycle: true', () => {
  /** Whether `view` lies in the memory of `bytes` (small allocations share pooled ArrayBuffers, so compare ranges). */
  const inside = (view: ArrayBufferView, bytes: Uint8Array): boolean =>
    view.buffer === bytes.buffer && view.byteOffset >= bytes.byteOffset && view.byteOffset + view.byteLength <= bytes.byteOffset + bytes.byteLength

  /** A stream of 3 batches of a dictionary<int32, utf8> column (one dictionary message), written by tableToIPC. */
  function dictionaryStream(): Uint8Array {
    const one = tableFromArrays({ kind: ['a', 'bb', 'a', 'ccc'] }, { types: { kind: dictionary(utf8(), int32()) } })
    return tableToIPC(new Table(one.schema, [one.batches[0]!, one.batches[0]!, one.batches[0]!]))
  }

  it('copies dictionaries out of the input (they outlive the batches); batches stay views', async () => {
    const bytes = dictionaryStream()
    for (const recycle of [false, true]) {
      const stats = createReadStats()
      const reader = await openIpcStream(asyncChunks([bytes]), { recycle, stats })
      const seen: unknown[] = []
      for await (const batch of reader) {
        const data = batch.getChildAt(0)
        expect(inside(data.values!, bytes)).toBe(true) // indices: a view of the input
        expect(inside(data.dictionary!.values!, bytes)).toBe(!recycle) // dictionary: copied when recycling
        seen.push(...rows([batch]))
      }
      expect(seen).toEqual(['a', 'bb', 'a', 'ccc', 'a', 'bb', 'a', 'ccc', 'a', 'bb', 'a', 'ccc'])
      expect(stats.dictionaryCopies).toBe(recycle ? 1 : 0)
      expect(stats.copies).toBe(0)
    }
  })

  it('offers every message read back to the source, each time the next is read', async () => {
    const bytes = dictionaryStream()
    const offered: number[] = []
    let given = false
    const iterator = {
      async next(): Promise<IteratorResult<Uint8Array>> {
        if (given) return { done: true, value: undefined }
        given = true
        return { done: false, value: bytes }
      },
      [Symbol.for('@lightstream/framing.recycleBytes')](count: number): void {
        offered.push(count)
      },
    }
    const reader = await openIpcStream({ [Symbol.asyncIterator]: () => iterator }, { recycle: true })
    let batches = 0
    for await (const batch of reader) {
      expect(batch.numRows).toBe(4)
      // Handed back by now: the schema and dictionary messages, then every batch before this one.
      expect(offered.length).toBe(batches + 2)
      batches++
    }
    expect(batches).toBe(3)
    expect(offered[offered.length - 1]).toBe(bytes.length - 8) // all but the end-of-stream marker, read last
    for (let k = 1; k < offered.length; k++) expect(offered[k]!).toBeGreaterThan(offered[k - 1]!)
  })

  it('refuses readAll (only the last batch would be valid) and a recycle option that is not a boolean', async () => {
    const reader = await openIpcStream(asyncChunks([dictionaryStream()]), { recycle: true })
    await expect(reader.readAll()).rejects.toThrow(InvalidArgumentError)
    await expect(openIpcStream(asyncChunks([stream]), { recycle: 1 as never })).rejects.toThrow(InvalidArgumentError)
    expect(() => openIpcStream([stream], { recycle: 'no' as never })).toThrow(InvalidArgumentError)
  })
})
