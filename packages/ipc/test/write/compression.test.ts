import { describe, expect, it } from 'vitest'
import {
  InvalidArgumentError, MetadataVersion, MissingDependencyError, RecordBatch, Table, dataFromArray, field, int32, schema, uint8,
} from '@lightstream/core'
import { registerCodec, tableToIPC, unregisterCodec } from '@lightstream/ipc'
import { decodeFile, decodeStream, rowsOf } from './decode-for-test'
import { sampleTable } from './sample-columns'
import { runLengthCodec } from './test-codec'

const int64At = (bytes: Uint8Array, at: number): bigint => new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(at, true)

describe('buffer-level body compression', () => {
  const s = schema([field('runs', int32()), field('noise', uint8())])
  const runs = dataFromArray(new Int32Array(64).fill(0x07070707)) // 256 bytes of 7: a couple of runs
  const noise = dataFromArray(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255)) // every byte differs from the next
  const table = new Table(s, [new RecordBatch(s, [runs, noise], 64)])

  it('prefixes compressed buffers with their int64 LE length, stores the others raw with -1, keeps empty ones empty', () => {
    const t = table
    const codec = runLengthCodec()
    const bytes = tableToIPC(t, { compression: 'zstd', codecs: [codec] })
    const d = decodeStream(bytes, { codecs: [codec] })
    const m = d.messages[1]!
    const h = m.metadata.header
    if (h.type !== 'recordBatch') throw new Error('expected a record batch')
    expect(h.compression).toEqual({ codec: 'zstd', method: 'buffer' })
    const [validityA, valuesA, validityB, valuesB] = h.buffers
    expect(validityA!.length).toBe(0)
    expect(validityB!.length).toBe(0)
    // 256 bytes of 7: compressed, prefix = 256 (the uncompressed length).
    expect(int64At(bytes, m.bodyStart + valuesA!.offset)).toBe(256n)
    expect(valuesA!.length).toBeLessThan(256 + 8)
    // Noise: the codec output is larger, so the raw bytes follow -1.
    expect(int64At(bytes, m.bodyStart + valuesB!.offset)).toBe(-1n)
    expect(valuesB!.length).toBe(8 + 64)
    expect(bytes.subarray(m.bodyStart + valuesB!.offset + 8, m.bodyStart + valuesB!.offset + 72)).toEqual(noise.values)
    expect(rowsOf(d.batches)).toEqual(rowsOf(t.batches))
  })

  it('round trips every type, in streams and files, at 8 and 64, dictionaries included', () => {
    const sample = sampleTable()
    const codec = runLengthCodec('lz4_frame')
    for (const format of ['stream', 'file'] as const) {
      for (const alignment of [8, 64] as const) {
        const bytes = tableToIPC(sample, { compression: 'lz4_frame', codecs: [codec], format, alignment })
        const d = format === 'file' ? decodeFile(bytes, { alignment, codecs: [codec] }) : decodeStream(bytes, { alignment, codecs: [codec] })
        expect(rowsOf(d.batches, { useBigInt: true })).toEqual(rowsOf(sample.batches, { useBigInt: true }))
        const dictionaryBatch = d.messages.find((m) => m.metadata.header.type === 'dictionaryBatch')!.metadata.header
        expect(dictionaryBatch.type === 'dictionaryBatch' && dictionaryBatch.data.compression?.codec).toBe('lz4_frame')
      }
    }
  })

  it('finds the codec in options first, then in the registry', () => {
    const registered = runLengthCodec()
    const passed = runLengthCodec()
    registerCodec(registered)
    try {
      tableToIPC(table, { compression: 'zstd' })
      expect(registered.calls).toBeGreaterThan(0)
      const before = registered.calls
      tableToIPC(table, { compression: 'zstd', codecs: [passed] })
      expect(passed.calls).toBeGreaterThan(0)
      expect(registered.calls).toBe(before)
    } finally {
      unregisterCodec('zstd')
    }
  })

  it('a missing codec is a MissingDependencyError naming @lightstream/codecs', () => {
    unregisterCodec('zstd')
    const error = (() => {
      try {
        tableToIPC(table, { compression: 'zstd' })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(MissingDependencyError)
    expect((error as MissingDependencyError).packageName).toBe('@lightstream/codecs')
    expect((error as MissingDependencyError).code).toBe('ERR_MISSING_DEPENDENCY')
  })

  it('refuses compression with metadata V4 and unknown codec names', () => {
    const codec = runLengthCodec()
    expect(() => tableToIPC(table, { compression: 'zstd', codecs: [codec], metadataVersion: MetadataVersion.V4 })).toThrow(InvalidArgumentError)
    expect(() => tableToIPC(table, { compression: 'snappy' as 'zstd', codecs: [codec] })).toThrow(InvalidArgumentError)
  })
})
