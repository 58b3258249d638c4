import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AbortError, IpcFormatError, LightstreamError, RecordBatch, Table, tableFromArrays } from '@lightstream/core'
import { compareTables, IpcFileReader, tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { mapFile, MmapNotFoundError, openIPCFile } from '@lightstream/mmap-native'
import { describe, expect, it } from 'vitest'
import { suiteDir, writeFile } from './helpers'

const dir = suiteDir('ipc')

/** Several batches of int64, float64, uint32 and bool with nulls. */
function sampleTable(batches: number, rows: number): Table {
  const parts: RecordBatch[] = []
  for (let b = 0; b < batches; b++) {
    const base = b * rows
    const t = tableFromArrays({
      id: BigInt64Array.from({ length: rows }, (_, i) => BigInt(base + i)),
      x: Float64Array.from({ length: rows }, (_, i) => (base + i) * 0.5),
      n: Array.from({ length: rows }, (_, i) => ((base + i) % 7 === 0 ? null : (base + i) % 1000)),
      flag: Array.from({ length: rows }, (_, i) => (base + i) % 3 === 0),
    })
    parts.push(...t.batches)
  }
  return new Table(parts[0]!.schema, parts)
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length
}

describe('openIPCFile over files we write', () => {
  const table = sampleTable(4, 5000)

  it.each([64, 8] as const)('alignment %i: columns are views into the mapping, zero copies', async (alignment) => {
    const path = writeFile(dir, `aligned-${alignment}.arrow`, tableToIPC(table, { format: 'file', alignment }))
    const reader = openIPCFile(path)
    expect(reader.numBatches).toBe(4)
    const batches = [...reader]
    expect(reader.stats.copies).toBe(0)
    expect(compareTables(table, { schema: reader.schema, batches })).toBeNull()
    const x = batches[2]!.getChildAt(1)
    expect(x.get(10)).toBe((2 * 5000 + 10) * 0.5)
    const mappedBuffer = x.values!.buffer
    for (const batch of batches) {
      for (const child of batch.columns) expect(child.values!.buffer).toBe(mappedBuffer) // all in the one mapping
    }
    expect(mappedBuffer.byteLength).toBe(readFileSync(path).length)
    await reader.close()
    // Closing unmapped the file: the batches' buffers are detached, not dangling.
    expect(x.values!.length).toBe(0)
    expect(mappedBuffer.byteLength).toBe(0)
  })

  it('reads through mapFile + IpcFileReader.openSync the same way (the two-step form)', async () => {
    const path = writeFile(dir, 'two-step.arrow', tableToIPC(table, { format: 'file' }))
    const mapped = mapFile(path, { advice: 'sequential' })
    const reader = IpcFileReader.openSync(mapped)
    expect(compareTables(table, reader.readAllSync())).toBeNull()
    expect(reader.stats.copies).toBe(0)
    expect(mapped.stats.copies).toBe(0)
    expect(mapped.stats.views).toBe(2 + 4) // trailer, footer, one per batch
    await reader.close()
    expect(mapped.closed).toBe(true)
  })

  it('the async reader methods work too', async () => {
    const path = writeFile(dir, 'async.arrow', tableToIPC(table, { format: 'file' }))
    const reader = openIPCFile(path)
    const last = await reader.batch(3)
    expect(last.getChildAt(0).get(4999)).toBe(4 * 5000 - 1)
    expect(compareTables(table, await reader.readAll())).toBeNull()
    await reader.close()
  })

  it('windows smaller than the file: blocks inside a window are views, blocks across an edge are copied once', async () => {
    const path = writeFile(dir, 'windowed.arrow', tableToIPC(table, { format: 'file' }))
    const size = readFileSync(path).length
    const reader = openIPCFile(path, { windowSize: 64 * 1024, windowOverlap: 16 * 1024 })
    const batches = [...reader]
    expect(compareTables(table, { schema: reader.schema, batches })).toBeNull()
    expect(reader.stats.copies).toBe(0) // copies of misaligned buffers: none, a spanning block is copied aligned
    await reader.close()
    const mapped = mapFile(path, { windowSize: 64 * 1024, windowOverlap: 16 * 1024 })
    expect(mapped.windows.length).toBeGreaterThan(size / (48 * 1024) - 1)
    const viaWindows = IpcFileReader.openSync(mapped)
    viaWindows.readAllSync()
    expect(mapped.stats.copies).toBeGreaterThan(0) // each block is ~180 KB, longer than the 16 KiB overlap
    expect(mapped.stats.copies + mapped.stats.views).toBe(mapped.stats.reads)
    await viaWindows.close()
  })

  it('mmap: false reads the file with positional reads', async () => {
    const path = writeFile(dir, 'no-mmap.arrow', tableToIPC(table, { format: 'file' }))
    const reader = openIPCFile(path, { mmap: false })
    const batch = reader.batchSync(1)
    expect(compareTables(table, reader.readAllSync())).toBeNull()
    await reader.close()
    expect(batch.getChildAt(1).get(0)).toBe(2500) // copies outlive the reader
  })

  it('passes reader options through (useBigInt, stats)', async () => {
    const path = writeFile(dir, 'options.arrow', tableToIPC(table, { format: 'file' }))
    const stats = { copies: 0, copiedBytes: 0, dictionaryCopies: 0, dictionaryCopiedBytes: 0, framingCopies: 0, framingCopiedBytes: 0, decompressedBuffers: 0, decompressedBytes: 0 }
    const reader = openIPCFile(path, { useBigInt: true, stats })
    expect(reader.stats).toBe(stats)
    expect(reader.readAllSync().getChild('id')!.get(3)).toBe(3n)
    await reader.close()
  })

  it('errors: not an IPC file (mapping released), a missing path, an aborted signal, bad options', () => {
    const before = openFds()
    const notIpc = writeFile(dir, 'not-ipc.arrow', new TextEncoder().encode('this is not an Arrow file, just some text'))
    expect(() => openIPCFile(notIpc)).toThrow(IpcFormatError)
    expect(openFds()).toBe(before)
    expect(() => openIPCFile(join(dir, 'missing.arrow'))).toThrow(MmapNotFoundError)
    expect(() => openIPCFile(notIpc, { signal: AbortSignal.abort() })).toThrow(AbortError)
    expect(() => openIPCFile(notIpc, { mmap: 'yes' as unknown as boolean })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(openFds()).toBe(before)
  })
})

// The Arrow conformance files (apache/arrow-testing), read in place: ARROW_TESTING_DIR or ../shared/arrow-testing.
const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const arrowTesting = resolve(process.env.ARROW_TESTING_DIR ?? join(projectRoot, '..', 'shared', 'arrow-testing'))
const integration = join(arrowTesting, 'data', 'arrow-ipc-stream', 'integration')
const present = existsSync(integration)
// Compressed bodies need @lightstream/codecs, which this package does not depend on.
const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '4.0.0-shareddict', '0.14.1']

function goldFiles(): string[] {
  return PRODUCERS.flatMap((producer) => {
    const base = join(integration, producer)
    if (!existsSync(base)) return []
    return readdirSync(base).filter((f) => f.endsWith('.arrow_file')).sort().map((f) => join(base, f))
  })
}

/** The table or the error code, so a file both readers refuse the same way still compares equal. */
function outcome(read: () => Table): Table | string {
  try {
    return read()
  } catch (error) {
    if (error instanceof LightstreamError) return error.code
    throw error
  }
}

describe.skipIf(!present && process.env.CI !== 'true')('openIPCFile over the Arrow conformance files', () => {
  if (!present) console.warn(`[skipped] arrow-testing files not found at ${arrowTesting}; set ARROW_TESTING_DIR`)

  it('finds them', () => {
    expect(goldFiles().length).toBeGreaterThan(40)
  })

  it('every file reads the same as tableFromIPC of its bytes, mapped whole and in 8 KiB windows', async () => {
    for (const path of goldFiles()) {
      const expected = outcome(() => tableFromIPC(new Uint8Array(readFileSync(path))))
      for (const options of [{}, { windowSize: 8192, windowOverlap: 4096 }]) {
        const reader = openIPCFile(path, options)
        const actual = outcome(() => reader.readAllSync())
        if (typeof expected === 'string' || typeof actual === 'string') expect(actual, path).toBe(expected)
        else expect(compareTables(expected, actual), path).toBeNull()
        await reader.close()
      }
    }
  })
})
