import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, expect, it } from 'vitest'
import { typeToString } from '@lightstream/core'
import { defaultCodecs } from '@lightstream/codecs'
import { compareTables, readIntegrationJson, tableFromIPC } from '@lightstream/ipc'
import { runCli, tempDir } from './helpers/cli-process'
import { describeWithGoldFiles, integrationDir } from './helpers/fixtures'

// schema / cat / stats / convert of the real binary on the files Arrow C++ wrote (apache/arrow-testing).
const CPP = 'cpp-21.0.0'
const CASES = ['generated_primitive', 'generated_nested', 'generated_dictionary', 'generated_map', 'generated_union', 'generated_datetime']
const codecs = defaultCodecs()

const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(path))
const json = (path: string) => readIntegrationJson(gunzipSync(readFileSync(path)).toString('utf8'))

/** Runs `tasks` with at most `n` child processes at a time (a 2-core machine). */
async function limited<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < tasks.length) {
      const k = next++
      results[k] = await tasks[k]!()
    }
  }))
  return results
}

/** The JSON value `cat --format json` documents for a plain value (the test's own, independent mapping). */
function expectedJson(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return value
}

describeWithGoldFiles('the binary on the Arrow C++ gold files', () => {
  const tmp = tempDir()
  afterAll(() => tmp.cleanup())

  it('schema --json reports the same fields for the file and the stream, matching the reader', async () => {
    const results = await limited(4, CASES.flatMap((name) => ['arrow_file', 'stream'].map((ext) => async () => {
      const path = join(integrationDir(CPP), `${name}.${ext}`)
      return { name, ext, path, run: await runCli(['schema', path, '--json']) }
    })))
    for (const { name, ext, path, run } of results) {
      expect(run.stderr, `${name}.${ext}`).toBe('')
      expect(run.code).toBe(0)
      const printed = JSON.parse(run.stdout.toString('utf8'))
      expect(printed.format).toBe(ext === 'stream' ? 'stream' : 'file')
      const schema = tableFromIPC(bytesOf(path), { codecs }).schema
      expect(printed.fields.map((f: { name: string }) => f.name)).toEqual(schema.fields.map((f) => f.name))
      expect(printed.fields.map((f: { type: string }) => f.type)).toEqual(schema.fields.map((f) => typeToString(f.type)))
      expect(printed.fields.map((f: { nullable: boolean }) => f.nullable)).toEqual(schema.fields.map((f) => f.nullable))
    }
  })

  it('schema prints one line per field for people', async () => {
    const run = await runCli(['schema', join(integrationDir(CPP), 'generated_dictionary.arrow_file')])
    expect(run.code).toBe(0)
    const text = run.stdout.toString('utf8')
    expect(text).toMatch(/\(IPC file, \d+ record batch(es)?\), 3 fields:\n/)
    expect(text).toMatch(/^ {2}dict0: Dictionary<Int8, Utf8>$/m)
  })

  it('cat --format json prints every row of generated_primitive with the values the reader sees', async () => {
    const path = join(integrationDir(CPP), 'generated_primitive.arrow_file')
    const run = await runCli(['cat', path, '--format', 'json'])
    expect(run.code).toBe(0)
    const lines = run.stdout.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const table = tableFromIPC(bytesOf(path), { useBigInt: true })
    expect(lines.length).toBe(table.numRows)
    let checked = 0
    for (let c = 0; c < table.numCols; c++) {
      const field = table.schema.fields[c]!
      const column = table.getChildAt(c)
      for (let r = 0; r < table.numRows; r++) {
        const got = lines[r]![field.name]
        const want = expectedJson(column.get(r))
        if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) expect(got).toBeCloseTo(want, 12)
        else expect(got, `${field.name}[${r}]`).toEqual(want)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(500)
  })

  it('cat prints every case in every format, one line per row', async () => {
    const jobs = [...CASES.map((name) => [name, 'json'] as const), ...CASES.slice(0, 3).flatMap((name) => [[name, 'csv'], [name, 'table']] as const)]
    const results = await limited(4, jobs.map(([name, format]) => async () => {
      const path = join(integrationDir(CPP), `${name}.stream`)
      return { name, format, rows: tableFromIPC(bytesOf(path), { codecs }).numRows, run: await runCli(['cat', path, '--format', format]) }
    }))
    for (const { name, format, rows, run } of results) {
      expect(run.stderr, `${name} ${format}`).toBe('')
      expect(run.code).toBe(0)
      const lines = run.stdout.toString('utf8').split('\n').filter((l) => l !== '')
      // json: one object per row; csv: a header + one line per row (no value in these files spans lines);
      // table: header, rule, rows, count.
      const extra = { json: 0, csv: 1, table: 3 }[format]
      if (format !== 'csv') expect(lines.length, `${name} ${format}`).toBe(rows + extra)
      else expect(lines.length, `${name} csv`).toBeGreaterThanOrEqual(rows + extra)
      if (format === 'table') expect(lines.at(-1)).toBe(`(${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'})`)
    }
  })

  it('stats reports batches, rows and the codec of compressed files', async () => {
    const dir = integrationDir('2.0.0-compression')
    for (const [name, codec] of [['generated_lz4', 'lz4_frame'], ['generated_uncompressible_zstd', 'zstd']] as const) {
      const path = join(dir, `${name}.arrow_file`)
      const run = await runCli(['stats', path, '--json'])
      expect(run.stderr).toBe('')
      const report = JSON.parse(run.stdout.toString('utf8'))
      const table = tableFromIPC(bytesOf(path), { codecs })
      expect(report).toMatchObject({ format: 'file', batches: table.batches.length, rows: table.numRows, compression: [codec], copies: 0 })
      expect(report.columns.map((c: { name: string }) => c.name)).toEqual(table.schema.fields.map((f) => f.name))
      expect(report.columns[0].nulls).toBe(table.getChildAt(0).nullCount)
    }
  })

  it('convert stream → file and file → stream keeps every value (checked against the JSON)', async () => {
    const results = await limited(4, CASES.flatMap((name) => [
      async () => {
        const out = join(tmp.dir, `${name}.arrow`)
        return { name, out, run: await runCli(['convert', join(integrationDir(CPP), `${name}.stream`), out]) }
      },
      async () => {
        const out = join(tmp.dir, `${name}.arrows`)
        return { name, out, run: await runCli(['convert', join(integrationDir(CPP), `${name}.arrow_file`), out, '--compression', 'lz4']) }
      },
    ]))
    for (const { name, out, run } of results) {
      expect(run.stderr, name).toBe('')
      expect(run.code).toBe(0)
      const bytes = bytesOf(out)
      // The format asked for by the extension: the file magic for .arrow, the continuation marker for .arrows.
      expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'ARROW1').toBe(out.endsWith('.arrow'))
      expect(compareTables(json(join(integrationDir(CPP), `${name}.json.gz`)), tableFromIPC(bytes, { codecs })), `${name} → ${out}`).toBeNull()
    }
  })
})
