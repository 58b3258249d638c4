#!/usr/bin/env node
// Runs every test (vitest, JSON report in .reports/vitest.json) and prints the closing line
// `tests: N passed, M failed` computed from that report. Exit code: non-zero on any failure.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { summarize } from './test-summary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const report = join(root, '.reports', 'vitest.json')
mkdirSync(dirname(report), { recursive: true })
rmSync(report, { force: true })

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
)
const { line, ok } = summarize(report, run.status ?? 1)
console.log(line)
process.exit(ok ? 0 : 1)
