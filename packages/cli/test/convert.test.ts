import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCodecs } from '@lightstream/codecs'
import { compareTables, tableFromIPC } from '@lightstream/ipc'
import { runCli, tempDir } from './helpers/cli-process'
import { sampleTable, writeSample } from './helpers/sample-data'

const tmp = tempDir()
let sample: ReturnType<typeof writeSample>
beforeAll(() => {
  sample = writeSample(join(tmp.dir, 'sample'), sampleTable(10_000))
})
afterAll(() => tmp.cleanup())

const codecs = defaultCodecs()
const read = (path: string) => tableFromIPC(new Uint8Array(readFileSync(path)), { codecs })

describe('convert round trips, compared value by value', () => {
  it('stream → file (lz4, 8-byte aligned, batches of 1000) → stream gives back the same table', async () => {
    const file = join(tmp.dir, 'rt.arrow')
    const back = join(tmp.dir, 'rt.arrows')
    const a = await runCli(['convert', sample.stream, file, '--compression', 'lz4', '--alignment', '8', '--batch-rows', '1000'])
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    const b = await runCli(['convert', file, back])
    expect(b.code, b.stderr).toBe(0)
    const original = tableFromIPC(sample.streamBytes)
    const mid = read(file)
    expect(mid.batches.length).toBe(10)
    // Batch boundaries differ (1 vs 10), so values are compared row by row; the stream back has the 10 batches.
    expect(compareTables(mid, read(back))).toBeNull()
    expect(mid.numRows).toBe(original.numRows)
    expect(mid.toArray()).toEqual(original.toArray())
    expect(read(back).toArray()).toEqual(original.toArray())
    const stats = JSON.parse((await runCli(['stats', file, '--json'])).stdout.toString('utf8'))
    expect(stats).toMatchObject({ format: 'file', batches: 10, rows: 10_000, compression: ['lz4_frame'], compressedBatches: 10 })
    expect(stats.alignment).toBeGreaterThanOrEqual(8)
  })

  it('an uncompressed 64-byte aligned round trip is byte-identical to what the writer produces', async () => {
    const file = join(tmp.dir, 'same.arrow')
    const stream = join(tmp.dir, 'same.arrows')
    expect((await runCli(['convert', sample.stream, file])).code).toBe(0)
    expect((await runCli(['convert', file, stream])).code).toBe(0)
    expect(Buffer.compare(readFileSync(file), Buffer.from(sample.fileBytes))).toBe(0)
    expect(Buffer.compare(readFileSync(stream), Buffer.from(sample.streamBytes))).toBe(0)
    const stats = JSON.parse((await runCli(['stats', file, '--json'])).stdout.toString('utf8'))
    expect(stats).toMatchObject({ alignment: 64, compression: [], copies: 0 })
  })

  it('stdin → stdout, with --format file', async () => {
    const run = await runCli(['convert', '-', '-', '--format', 'file'], { input: sample.streamBytes })
    expect(run.code, run.stderr).toBe(0)
    expect(Buffer.compare(run.stdout, Buffer.from(sample.fileBytes))).toBe(0)
  })

  it('a file on stdin (gathered in memory) → stream on stdout', async () => {
    const run = await runCli(['convert', '-'], { input: sample.fileBytes })
    expect(run.code, run.stderr).toBe(0)
    expect(Buffer.compare(run.stdout, Buffer.from(sample.streamBytes))).toBe(0)
  })
})

describe('cat and stats on generated data', () => {
  it('cat --limit stops early and says so; csv quotes what needs quoting', async () => {
    const run = await runCli(['cat', sample.file, '--limit', '3'])
    expect(run.stdout.toString('utf8')).toBe(
      [
        'id │ score               │ name   │ big        │ tag',
        '───┼─────────────────────┼────────┼────────────┼──────',
        ' 0 │                   0 │ null   │          0 │ red',
        ' 1 │ 0.14285714285714285 │ name-1 │ 1000000007 │ green',
        ' 2 │  0.2857142857142857 │ name-2 │ 2000000014 │ blue',
        '(3 rows shown; more follow — raise --limit)',
        '',
      ].join('\n'),
    )
  })

  it('stats counts rows, nulls and bytes per column', async () => {
    const report = JSON.parse((await runCli(['stats', sample.stream, '--json'])).stdout.toString('utf8'))
    expect(report).toMatchObject({ format: 'stream', batches: 1, rows: 10_000, bytes: sample.streamBytes.length, compression: [], alignment: 64, copies: 0 })
    const byName = Object.fromEntries(report.columns.map((c: { name: string }) => [c.name, c]))
    expect(byName.id).toMatchObject({ type: 'Int32', nulls: 0, bytes: 40_000, dictionaryBytes: 0 })
    expect(byName.big).toMatchObject({ type: 'Int64', nulls: 0, bytes: 80_000 })
    expect(byName.name.nulls).toBe(2_000)
    expect(byName.tag.type).toBe('Dictionary<Int32, Utf8>')
    expect(byName.tag.dictionaryBytes).toBeGreaterThan(0)
  })
})
