#!/usr/bin/env node
// Reads vitest's JSON report and prints `tests: N passed, M failed[, K skipped]`.
// Usage: node scripts/test-summary.mjs [report.json] [runner-exit-code]
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Summarise a vitest JSON report. A missing or unreadable report, a suite that failed to load, or a
 * runner exit code other than 0 all count as failure, so the line can never claim a green run that was not.
 */
export function summarize(reportPath, runnerExitCode = 0) {
  if (!existsSync(reportPath)) return { line: 'tests: 0 passed, 1 failed (no test report was written)', ok: false }
  let report
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'))
  } catch (err) {
    return { line: `tests: 0 passed, 1 failed (unreadable test report: ${err.message})`, ok: false }
  }
  const passed = report.numPassedTests ?? 0
  let failed = report.numFailedTests ?? 0
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  // A test file that failed to import reports no failed test; count each such suite as one failure.
  const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length
  failed += brokenSuites
  const ok = failed === 0 && passed > 0 && runnerExitCode === 0 && report.success !== false
  if (!ok && failed === 0) failed = 1 // the runner failed without a failing test (crash, unhandled error, no tests)
  const line = `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
  return { line, ok }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reportPath = process.argv[2] ?? join(process.cwd(), '.reports', 'vitest.json')
  const { line, ok } = summarize(reportPath, Number(process.argv[3] ?? 0))
  console.log(line)
  process.exit(ok ? 0 : 1)
}
