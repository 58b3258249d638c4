import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AbortError, FrameTooLargeError, InvalidArgumentError, IpcFormatError, OutOfRangeError, TruncatedInputError, field, int32, schema,
  type RandomAccessSource,
} from '@lightstream/core'
import { IpcFileReader, bytesSource, compareTables, createReadStats, fileHandleSource, tableFromIPC, writeFooter } from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'
import { batchMessage, bits, concat, craftFile, i32 } from './craft-stream'

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]

/** A source that records every read. */
function counted(bytes: Uint8Array, async = false): RandomAccessSource & { reads: [number, number][] } {
  const inner = bytesSource(bytes)
  const reads: [number, number][] = []
  return {
    reads,
    byteLength: inner.byteLength,
    read(offset, length) {
      reads.push([offset, length])
      const out = inner.read(offset, length)
      return async ? Promise.resolve(out) : out
    },
  }
}

const s = schema([field('x', int32())])
const file = craftFile(s, [], [
  batchMessage({ length: 3, nodes: [{ length: 3, nullCount: 1 }], buffers: [bits(1, 0, 1), i32(1, 2, 3)] }),
  batchMessage({ length: 2, nodes: [{ length: 2, nullCount: 0 }], buffers: [new Uint8Array(0), i32(4, 5)] }),
])

describe('IpcFileReader', () => {
  it('opens with two reads (trailer, footer) and reads one block per batch', () => {
    const source = counted(file)
    const reader = IpcFileReader.openSync(source)
    expect(source.reads).toEqual([[file.length - 10, 10], [source.reads[1]![0], source.reads[1]![1]]])
    expect(reader.numBatches).toBe(2)
    expect(reader.schema.fields[0]!.name).toBe('x')
    const b1 = reader.batchSync(1)
    const block = reader.footer.recordBatches[1]!
    expect(source.reads.slice(2)).toEqual([[block.offset, block.metaDataLength + block.bodyLength]])
    expect([b1.columns[0]!.get(0), b1.columns[0]!.get(1)]).toEqual([4, 5])
    expect(reader.batchSync(0).columns[0]!.get(1)).toBeNull()
    expect(source.reads.length).toBe(4)
    expect(reader.readAllSync().numRows).toBe(5)
  })

  it('works over an async source with open / batch / for await, and refuses sync use of it', async () => {
    const source = counted(file, true)
    const reader = await IpcFileReader.open(source)
    const rows: unknown[] = []
    for await (const batch of reader) rows.push(...Array.from({ length: batch.numRows }, (_, i) => batch.columns[0]!.get(i)))
    expect(rows).toEqual([1, null, 3, 4, 5])
    expect(() => reader.batchSync(0)).toThrow(InvalidArgumentError)
    expect(() => IpcFileReader.openSync(counted(file, true))).toThrow(InvalidArgumentError)
    expect((await reader.readAll()).numRows).toBe(5)
  })

  it('reads a real file through fileHandleSource, then closes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightstream-ipc-'))
    try {
      const path = join(dir, 'x.arrow')
      writeFileSync(path, file)
      const handle = await open(path)
      const reader = await IpcFileReader.open(await fileHandleSource(handle))
      const batch = await reader.batch(1)
      expect(batch.columns[0]!.get(1)).toBe(5)
      expect((batch.columns[0]!.values as Int32Array).byteOffset % 8).toBe(0) // aligned read, no copy
      await reader.close()
      await expect(handle.stat()).rejects.toThrow() // closed
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('checks the index, the trailer, the footer and every block', async () => {
    const reader = IpcFileReader.openSync(file)
    expect(() => reader.batchSync(2)).toThrow(OutOfRangeError)
    expect(() => reader.batchSync(-1)).toThrow(OutOfRangeError)
    await expect(reader.batch(0.5)).rejects.toThrow(OutOfRangeError)
    expect(() => IpcFileReader.openSync(file.subarray(0, file.length - 1))).toThrow(IpcFormatError)
    expect(() => IpcFileReader.openSync(new Uint8Array(12))).toThrow(IpcFormatError)
    const badLength = file.slice()
    new DataView(badLength.buffer).setInt32(file.length - 10, file.length, true)
    expect(() => IpcFileReader.openSync(badLength)).toThrow(IpcFormatError)
    expect(() => IpcFileReader.openSync(file, { maxMetadataBytes: 16 })).toThrow(FrameTooLargeError)
    // A block whose body is cut: the footer points past the data region.
    const cut = craftFile(s, [], [batchMessage({ length: 1, nodes: [{ length: 1, nullCount: 0 }], buffers: [new Uint8Array(0), i32(1)] })])
    const r = IpcFileReader.openSync(cut)
    const short: RandomAccessSource = { byteLength: cut.length, read: (o, n) => cut.subarray(o, o + n - 1) }
    expect(() => IpcFileReader.openSync(short)).toThrow(TruncatedInputError)
    expect(r.batchSync(0).numRows).toBe(1)
    // A footer whose block lies past the data region, or whose block holds another body length.
    const withBlock = (block: { offset: number; metaDataLength: number; bodyLength: number }): Uint8Array => {
      const footer = writeFooter({ schema: s, recordBatches: [block] })
      const tail = new Uint8Array(10)
      new DataView(tail.buffer).setInt32(0, footer.length, true)
      tail.set(FILE_MAGIC, 4)
      const body = cut.subarray(0, cut.length - 10 - new DataView(cut.buffer).getInt32(cut.length - 10, true))
      return concat([body, footer, tail])
    }
    const good = r.footer.recordBatches[0]!
    expect(IpcFileReader.openSync(withBlock(good)).batchSync(0).numRows).toBe(1)
    expect(() => IpcFileReader.openSync(withBlock({ ...good, bodyLength: 1 << 20 })).batchSync(0)).toThrow(/outside the data region/)
    expect(() => IpcFileReader.openSync(withBlock({ ...good, offset: good.offset + 8 })).batchSync(0)).toThrow(IpcFormatError)
    expect(() => IpcFileReader.openSync(withBlock({ ...good, bodyLength: good.bodyLength - 8 })).batchSync(0)).toThrow(/body/)
    expect(() => IpcFileReader.openSync(withBlock({ ...good, bodyLength: 3 * 2 ** 30 })).batchSync(0)).toThrow(FrameTooLargeError)
  })

  it('stops on an aborted signal', async () => {
    const controller = new AbortController()
    controller.abort('stop')
    await expect(IpcFileReader.open(file, { signal: controller.signal })).rejects.toThrow(AbortError)
    const reader = await IpcFileReader.open(file)
    await expect(reader.batch(0, { signal: controller.signal })).rejects.toThrow(AbortError)
  })

  it('tableFromIPC reads a file given as several chunks (joined once, counted)', () => {
    const stats = createReadStats()
    const t = tableFromIPC([file.subarray(0, 3), file.subarray(3, 100), file.subarray(100)], { stats })
    expect(t.numRows).toBe(5)
    expect(stats.framingCopies).toBe(1)
    expect(stats.framingCopiedBytes).toBe(file.length)
  })
})

describeWithArrowTesting('IpcFileReader on the integration files', (dir) => {
  it('reads the dictionaries once, on the first batch, then one block per batch', () => {
    const c = integrationCases(dir, 'cpp-21.0.0').find((k) => k.name === 'generated_dictionary')!
    const bytes = readBytes(c.arrowFile)
    const source = counted(bytes)
    const stats = createReadStats()
    const reader = IpcFileReader.openSync(source, { stats })
    expect(source.reads.length).toBe(2)
    const dictionaries = reader.footer.dictionaries.length
    expect(dictionaries).toBeGreaterThan(0)
    const last = reader.numBatches - 1
    reader.batchSync(last)
    expect(source.reads.length).toBe(2 + dictionaries + 1)
    reader.batchSync(0)
    expect(source.reads.length).toBe(2 + dictionaries + 2)
    const read = source.reads.reduce((n, [, length]) => n + length, 0)
    expect(read).toBeLessThan(bytes.length)
    expect(stats.copies).toBe(0)
    expect(compareTables(tableFromIPC(bytes), reader.readAllSync())).toBeNull()
  })
})
