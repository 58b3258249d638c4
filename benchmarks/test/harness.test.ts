import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { matchesFilters, parseChildArgs, parseRunArgs } from '../lib/args'
import { defineCase, listCase, type Check } from '../lib/define-case'
import { caseRows, formatMs, formatRatio, formatThroughput, renderTable, TABLE_HEADER } from '../lib/format'
import { busyWarning } from '../lib/main'
import { errorSummary } from '../lib/spawn-case'
import { measure, QUICK_MEASURE } from '../lib/measure'
import { SCHEMA, caseResult, fileStamp, implResult, mergeChildResults, splitRepeats, validateReport, type RunReport } from '../lib/results'
import { median, medianAbsoluteDeviation, perSecond, speedRatio, summarize } from '../lib/stats'
import { chunkViews, digestStep, randomBytes, seededRandom, sizeLabel } from '../lib/workload'

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url))

describe('stats', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 4, 2, 3]
    expect(median(values)).toBe(3)
    expect(values).toEqual([5, 1, 4, 2, 3])
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('refuses an empty list or a non-finite sample', () => {
    expect(() => median([])).toThrow(RangeError)
    expect(() => median([1, Number.NaN])).toThrow(RangeError)
  })

  it('measures spread with the median absolute deviation, which one outlier cannot move', () => {
    expect(medianAbsoluteDeviation([10, 10, 11, 9, 10])).toBe(0)
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 1000])).toBe(1)
    const s = summarize([10, 12, 11, 9, 100])
    expect(s).toEqual({ medianMs: 11, minMs: 9, maxMs: 100, madMs: 1, spreadPct: (1 / 11) * 100 })
  })

  it('turns work per pass into a rate and two medians into ours/peer', () => {
    expect(perSecond(1_000_000, 10)).toBe(100_000_000)
    expect(speedRatio(10, 25)).toBe(2.5)
    expect(speedRatio(20, 10)).toBe(0.5)
    expect(() => speedRatio(0, 10)).toThrow(RangeError)
  })
})

describe('formatting', () => {
  it('prints ours/peer with the direction spelled out', () => {
    expect(formatRatio(2.414)).toBe('2.41x faster')
    expect(formatRatio(0.5)).toBe('0.50x slower')
    expect(formatRatio(1.01)).toBe('1.01x same')
    expect(formatRatio(0.99)).toBe('0.99x same')
    expect(formatRatio(null)).toBe('n/a')
    expect(formatRatio(Number.NaN)).toBe('n/a')
  })

  it('scales durations and rates', () => {
    expect(formatMs(0.8123)).toBe('812.3 µs')
    expect(formatMs(12.3456)).toBe('12.35 ms')
    expect(formatMs(1234.5)).toBe('1.234 s')
    expect(formatThroughput(538_100_000, 'bytes')).toBe('538 MB/s')
    expect(formatThroughput(53_810_000, 'bytes')).toBe('53.8 MB/s')
    expect(formatThroughput(2_410_000_000, 'bytes')).toBe('2.41 GB/s')
    expect(formatThroughput(8_410_000, 'ops')).toBe('8.41 M ops/s')
    expect(formatThroughput(950, 'ops')).toBe('950 ops/s')
  })

  it('aligns a table, numbers to the right', () => {
    const text = renderTable(['name', 'impl', 'median'], [['a/b', 'x', '1.00 ms'], ['', 'longer', '10.00 ms']])
    expect(text.split('\n')).toEqual([
      'name  impl      median',
      '----  ------  --------',
      'a/b   x        1.00 ms',
      '      longer  10.00 ms',
    ])
  })

  it('labels sizes the way case names use them', () => {
    expect([sizeLabel(64), sizeLabel(4096), sizeLabel(1 << 20), sizeLabel(1000)]).toEqual(['64B', '4KiB', '1MiB', '1000B'])
  })
})

describe('arguments', () => {
  it('splits filters from options', () => {
    expect(parseRunArgs(['tlv/decode', '--quick', 'stream', '--repeats', '4', '--out', '/tmp/x'])).toEqual({
      filters: ['tlv/decode', 'stream'],
      quick: true,
      repeats: 4,
      outDir: '/tmp/x',
      save: true,
      list: false,
      browser: false,
      help: false,
    })
    expect(parseRunArgs(['ipc/decode', '--browser']).browser).toBe(true)
    expect(() => parseRunArgs(['--repeats', 'zero'])).toThrow(/--repeats/)
    expect(parseRunArgs(['--processes', '5']).processes).toBe(5)
    expect(() => parseRunArgs(['--processes', '0'])).toThrow(/--processes needs a positive integer/)
    expect(() => parseRunArgs(['--fast'])).toThrow(/unknown option --fast/)
    expect(() => parseChildArgs(['--case', 'x'])).toThrow(/--impl/)
  })

  it('matches a case when any filter is a substring of its name', () => {
    expect(matchesFilters('tlv/decode/64B', [])).toBe(true)
    expect(matchesFilters('tlv/decode/64B', ['decode/64'])).toBe(true)
    expect(matchesFilters('tlv/decode/64B', ['stream-buffer', '64B'])).toBe(true)
    expect(matchesFilters('tlv/decode/64B', ['encode/'])).toBe(false)
  })
})

describe('case declarations', () => {
  const impls = {
    mine: { role: 'ours' as const, setup: () => () => ({ items: 1, bytes: 1, digest: 0 }) },
    theirs: { role: 'peer' as const, setup: () => () => ({ items: 1, bytes: 1, digest: 0 }) },
  }
  const base = { description: 'd', unit: 'bytes' as const, prepare: () => ({ input: 0, expect: { items: 1, bytes: 1, digest: 0 } }) }

  it('rejects a peer that is not a peer implementation, or a bad name', () => {
    expect(() => defineCase({ ...base, name: 'a/b', peer: 'nobody', implementations: impls })).toThrow(/peer 'nobody'/)
    expect(() => defineCase({ ...base, name: 'a/b', peer: 'mine', implementations: impls })).toThrow(/peer 'mine'/)
    expect(() => defineCase({ ...base, name: 'no slash', peer: 'theirs', implementations: impls })).toThrow(/group\/what/)
  })

  it('lists ours first', () => {
    const c = defineCase({ ...base, name: 'a/b', peer: 'theirs', implementations: { theirs: impls.theirs, mine: impls.mine } })
    expect(listCase(c).implementations).toEqual([{ name: 'mine', role: 'ours' }, { name: 'theirs', role: 'peer' }])
  })
})

describe('measure', () => {
  const expected: Check = { items: 3, bytes: 30, digest: 7 }

  it('takes the configured number of samples and returns the verified check', async () => {
    let passes = 0
    const m = await measure(() => { passes++; return { ...expected } }, expected, { ...QUICK_MEASURE, repeats: 5, warmupPasses: 2, maxWarmupPasses: 2 })
    expect(m.samplesMs).toHaveLength(5)
    expect(m.samplesMs.every((s) => Number.isFinite(s) && s >= 0)).toBe(true)
    expect(m.warmupPasses).toBe(2)
    expect(passes).toBe(7)
    expect(m.check).toEqual(expected)
  })

  it('fails a pass that returns the wrong work, and a case that expects none', async () => {
    await expect(measure(() => ({ items: 0, bytes: 0, digest: 0 }), expected, QUICK_MEASURE)).rejects.toThrow(/wrong result during warm-up pass 1/)
    await expect(measure(() => ({ ...expected, digest: 8 }), expected, QUICK_MEASURE)).rejects.toThrow(/digest=8/)
    const none = { items: 0, bytes: 0, digest: 0 }
    await expect(measure(() => none, none, QUICK_MEASURE)).rejects.toThrow(/expected work is empty/)
  })

  it('awaits async passes', async () => {
    const m = await measure(async () => expected, expected, QUICK_MEASURE)
    expect(m.check).toEqual(expected)
  })
})

describe('results', () => {
  const listing = { name: 'x/y/64B', description: 'd', unit: 'bytes' as const, peer: 'peer', implementations: [] }
  const child = (impl: string, role: 'ours' | 'peer', samplesMs: number[], digest = 5) => ({
    case: 'x/y/64B', impl, role, quick: true, samplesMs, passesPerSample: 1, warmupPasses: 1, setupMs: 1,
    expect: { items: 10, bytes: 1000, digest }, check: { items: 10, bytes: 1000, digest },
  })

  it('summarizes an implementation and computes ours/peer', () => {
    const ours = implResult(child('ours', 'ours', [2, 1, 3]))
    const peer = implResult(child('peer', 'peer', [4, 4, 5]))
    expect(ours).toMatchObject({ ok: true, medianMs: 2, minMs: 1, maxMs: 3, bytesPerSecond: 500_000, itemsPerSecond: 5000 })
    const c = caseResult(listing, [ours, peer])
    expect(c.ok).toBe(true)
    expect(c.ratio).toBe(2)
    expect(c.ratios).toEqual({ peer: 2 })
    const rows = caseRows(c)
    expect(rows).toHaveLength(2)
    expect(rows[0]![0]).toBe('x/y/64B')
    expect(rows[1]![1]).toBe('peer *')
    expect(rows[1]![6]).toBe('2.00x faster')
    expect(renderTable(TABLE_HEADER, rows)).toContain('ours/peer')
  })

  it('shares the samples among processes, larger shares first, never more processes than samples', () => {
    expect(splitRepeats(15, 3)).toEqual([5, 5, 5])
    expect(splitRepeats(16, 3)).toEqual([6, 5, 5])
    expect(splitRepeats(3, 1)).toEqual([3])
    expect(splitRepeats(2, 5)).toEqual([1, 1])
    expect(() => splitRepeats(0, 3)).toThrow(RangeError)
    expect(() => splitRepeats(4, 1.5)).toThrow(RangeError)
  })

  it('pools the samples of processes that ran the same implementation, and refuses ones that disagree', () => {
    const a = { ...child('ours', 'ours', [10, 11]), passesPerSample: 100, warmupPasses: 5, setupMs: 2 }
    const b = { ...child('ours', 'ours', [20, 19, 21]), passesPerSample: 50, warmupPasses: 7, setupMs: 3 }
    const merged = mergeChildResults([a, b])
    expect(merged.samplesMs).toEqual([10, 11, 20, 19, 21])
    expect(merged.passesPerSample).toBe(70) // (100 * 2 + 50 * 3) / 5
    expect([merged.warmupPasses, merged.setupMs]).toEqual([12, 5])
    expect(implResult(merged)).toMatchObject({ ok: true, medianMs: 19, minMs: 10, maxMs: 21 })
    expect(() => mergeChildResults([])).toThrow(/no child results/)
    expect(() => mergeChildResults([a, child('ours', 'ours', [1], 6)])).toThrow(/different checks/)
    expect(() => mergeChildResults([a, child('peer', 'peer', [1])])).toThrow(/cannot merge/)
  })

  it('fails a case whose implementations disagree, or one of which failed', () => {
    const c = caseResult(listing, [implResult(child('ours', 'ours', [1])), implResult(child('peer', 'peer', [1], 6))])
    expect(c.ok).toBe(false)
    expect(c.error).toMatch(/different results/)
    expect(c.ratio).toBeNull()
    const f = caseResult(listing, [implResult(child('ours', 'ours', [1])), { impl: 'peer', role: 'peer', ok: false, error: 'boom' }])
    expect(f.ok).toBe(false)
    expect(f.error).toBe('peer failed')
    expect(caseRows(f)[1]).toEqual(['', 'peer *', 'FAILED', '', '', '', 'boom'])
  })

  it('validates the report shape', () => {
    const good: RunReport = {
      schema: SCHEMA,
      startedAt: new Date(0).toISOString(),
      finishedAt: new Date(1000).toISOString(),
      quick: true,
      filters: [],
      environment: { node: 'v20', v8: '11', platform: 'linux', arch: 'x64', cpu: 'cpu', cpus: 1, loadAverage: [0, 0, 0] },
      ok: true,
      cases: [caseResult(listing, [implResult(child('ours', 'ours', [1])), implResult(child('peer', 'peer', [2]))])],
    }
    expect(validateReport(good)).toEqual([])
    expect(validateReport(JSON.parse(JSON.stringify(good)))).toEqual([])
    expect(validateReport({ ...good, schema: 'v0' })).toEqual([`schema is v0, expected ${SCHEMA}`])
    const noWork = JSON.parse(JSON.stringify(good)) as RunReport
    const first = noWork.cases[0]!.results[0]!
    if (first.ok) first.check.items = 0
    expect(validateReport(noWork)).toEqual(['case x/y/64B / ours: check shows no work'])
    expect(validateReport(null)).toEqual(['report is not an object'])
  })

  it('warns when the machine is busy', () => {
    const env = { node: 'v20', v8: '11', platform: 'linux', arch: 'x64', cpu: 'cpu', cpus: 2, loadAverage: [7.36, 3, 1] }
    expect(busyWarning(env)).toBe('warning: load average 7.36 on 2 CPUs at the start; other processes compete, expect noise')
    expect(busyWarning({ ...env, loadAverage: [1.5, 3, 1] })).toBeUndefined()
  })

  it('stamps file names without colons', () => {
    expect(fileStamp(new Date(Date.UTC(2025, 0, 31, 12, 34, 56, 789)))).toBe('2025-01-31T12-34-56-789Z')
  })
})

describe('workload helpers', () => {
  it('are deterministic and cut without copying', () => {
    expect(Array.from({ length: 3 }, seededRandom(1))).toEqual(Array.from({ length: 3 }, seededRandom(1)))
    const bytes = randomBytes(10, 3)
    expect(bytes).toEqual(randomBytes(10, 3))
    const chunks = chunkViews(bytes, 4)
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2])
    expect(chunks[1]!.buffer).toBe(bytes.buffer)
    expect(digestStep(0, Uint8Array.of(1, 2, 3))).not.toBe(digestStep(0, Uint8Array.of(3, 2, 1)))
  })
})

describe('a --quick run in child processes', () => {
  const out = mkdtempSync(join(tmpdir(), 'lightstream-bench-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('runs one case, prints the table and writes a sane JSON report', () => {
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const run = spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), 'stream-buffer/take-within-chunks', '--quick', '--out', out], {
      cwd: BENCH_DIR,
      env,
      encoding: 'utf8',
      timeout: 55_000,
    })
    expect(run.stderr + run.stdout).not.toMatch(/FAILED/)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('stream-buffer/take-within-chunks')
    expect(run.stdout).toContain('Buffer.concat *')

    const files = readdirSync(out).sort()
    expect(files).toHaveLength(2)
    expect(files).toContain('latest.json')
    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as RunReport
    expect(validateReport(report)).toEqual([])
    expect(report.quick).toBe(true)
    expect(report.ok).toBe(true)
    expect(report.filters).toEqual(['stream-buffer/take-within-chunks'])
    expect(report.cases.map((c) => c.name)).toEqual(['stream-buffer/take-within-chunks'])
    const c = report.cases[0]!
    expect(c.results.map((r) => [r.impl, r.role, r.ok])).toEqual([
      ['lightstream', 'ours', true],
      ['Buffer.concat', 'peer', true],
      ['uint8arraylist', 'peer', true],
    ])
    expect(c.ratio).toBeGreaterThan(0)
    expect(c.ratio).toBe(c.ratios['Buffer.concat'])
    for (const r of c.results) {
      if (!r.ok) continue
      expect(r.samplesMs).toHaveLength(3)
      expect(r.check).toEqual(c.results[0]!.ok ? c.results[0]!.check : undefined)
      expect(r.check.items).toBeGreaterThan(1000)
      expect(r.check.bytes).toBeGreaterThan(0)
    }
  })

  it('fails a case whose peer silently produces nothing, and says why', () => {
    const cases = join(out, 'broken-cases')
    mkdirSync(cases)
    writeFileSync(join(cases, 'package.json'), '{ "type": "module" }\n')
    const lib = (file: string) => JSON.stringify(pathToFileURL(join(BENCH_DIR, 'lib', file)).href)
    writeFileSync(join(cases, 'broken.ts'), [
      `import { runIfMain } from ${lib('child.ts')}`,
      `import { defineCase } from ${lib('define-case.ts')}`,
      `const expect = { items: 3, bytes: 30, digest: 7 }`,
      `export const cases = [defineCase({`,
      `  name: 'broken/decodes-nothing', description: 'a peer that returns no frames', unit: 'bytes', peer: 'lazy',`,
      `  prepare: () => ({ input: null, expect }),`,
      `  implementations: {`,
      `    honest: { role: 'ours', setup: () => () => ({ ...expect }) },`,
      `    lazy: { role: 'peer', setup: () => () => ({ items: 0, bytes: 0, digest: 0 }) },`,
      `  },`,
      `})]`,
      `await runIfMain(import.meta.url, cases)`,
    ].join('\n'))
    const results = join(out, 'broken-results')
    const run = spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), '--quick', '--cases', cases, '--out', results], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      timeout: 55_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/lazy \*\s+FAILED\s+Error: wrong result during warm-up pass 1: got items=0 bytes=0 digest=0/)
    const report = JSON.parse(readFileSync(join(results, 'latest.json'), 'utf8')) as RunReport
    expect(validateReport(report)).toEqual([])
    expect(report.ok).toBe(false)
    expect(report.cases[0]).toMatchObject({ name: 'broken/decodes-nothing', ok: false, ratio: null, error: 'lazy failed' })
    expect(report.cases[0]!.results.map((r) => [r.impl, r.ok])).toEqual([['honest', true], ['lazy', false]])
  })

  it('exits non-zero when no case matches', () => {
    const run = spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), 'no-such-case', '--no-save'], { cwd: BENCH_DIR, encoding: 'utf8', timeout: 55_000 })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain("no case matches 'no-such-case'")
  })
})

describe('child failures', () => {
  it('are summarized by their error line', () => {
    const stderr = 'Error: wrong result during warm-up pass 1: got items=0\n    at runPass (measure.ts:57:11)\n'
    expect(errorSummary(stderr, 'exit code 1')).toBe('Error: wrong result during warm-up pass 1: got items=0')
    expect(errorSummary('FrameTooLargeError: too big\n', 'x')).toBe('FrameTooLargeError: too big')
    expect(errorSummary('', 'exit code 1')).toBe('exit code 1')
  })
})
