/**
 * `run.mjs --browser`: the same cases measured in headless Chromium. A real run of one small case, with a
 * case file that needs Node and a node-only case in the filters, which must be skipped with the reason.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { describeInChromium } from '../../tooling/describe-if'
import { runtimeLabel } from '../lib/main'
import { validateReport, type RunReport } from '../lib/results'

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url))

describeInChromium('a --quick run in Chromium', () => {
  const out = mkdtempSync(join(tmpdir(), 'lightstream-bench-browser-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('measures the case in the browser, skips what needs Node, and records the browser', () => {
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const filters = ['tlv/decode/64B', 'tcp/stream/1GiB', 'stream-buffer/take-within-chunks']
    const run = spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), ...filters, '--quick', '--browser', '--out', out], { cwd: BENCH_DIR, env, encoding: 'utf8', timeout: 110_000 })
    expect(run.stderr + run.stdout).not.toMatch(/FAILED/)
    expect(run.status).toBe(0)
    expect(run.stderr).toMatch(/cases\/tcp\.ts: skipped in the browser, it needs Node \(.*Could not resolve "node:/)
    expect(run.stderr).toContain('stream-buffer/take-within-chunks: skipped in the browser, it needs Node')
    expect(run.stdout).toMatch(/Lightstream benchmarks \(--quick.*\) — HeadlessChrome \d+[\d.]* \(headless Chromium\)/)

    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as RunReport
    expect(validateReport(report)).toEqual([])
    expect(report.environment.browser).toMatch(/HeadlessChrome\/\d+/)
    expect(runtimeLabel(report.environment)).toMatch(/^HeadlessChrome /)
    expect(report.cases.map((c) => c.name)).toEqual(['tlv/decode/64B'])
    const c = report.cases[0]!
    expect(c.ok).toBe(true)
    expect(c.results.every((r) => r.ok)).toBe(true)
    expect(c.results.length).toBeGreaterThanOrEqual(2)
    for (const r of c.results) if (r.ok) expect(r.check).toEqual(c.results[0]!.ok ? c.results[0]!.check : undefined)
  }, 120_000)
})

it('labels Node runs by their Node version, browser runs by the browser', () => {
  const env = { node: 'v20.20.2', v8: '11.3', platform: 'linux', arch: 'x64', cpu: 'x', cpus: 2, loadAverage: [0, 0, 0] }
  expect(runtimeLabel(env)).toBe('node v20.20.2')
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36'
  expect(runtimeLabel({ ...env, browser: ua })).toBe('HeadlessChrome 156.0.0.0 (headless Chromium)')
})
