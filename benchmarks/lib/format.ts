/**
 * Pure text formatting for the results table.
 */
import type { WorkUnit } from './define-case'
import type { CaseResult } from './results'

/** `812.3 µs`, `12.31 ms`, `1.234 s`. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`
  if (ms < 1000) return `${ms.toFixed(2)} ms`
  return `${(ms / 1000).toFixed(3)} s`
}

function scaled(value: number, units: readonly [number, string][]): string {
  for (const [size, suffix] of units) {
    if (value >= size) return `${(value / size).toFixed(value / size >= 100 ? 0 : value / size >= 10 ? 1 : 2)} ${suffix}`
  }
  const [size, suffix] = units[units.length - 1]!
  return `${(value / size).toFixed(2)} ${suffix}`
}

/**
 * Throughput for the table: bytes/s as `MB/s` or `GB/s` (decimal: 1 MB = 10^6 bytes), ops/s as
 * `ops/s`, `k ops/s` or `M ops/s`.
 */
export function formatThroughput(perSecond: number, unit: WorkUnit): string {
  if (unit === 'bytes') return scaled(perSecond, [[1e9, 'GB/s'], [1e6, 'MB/s']])
  return scaled(perSecond, [[1e6, 'M ops/s'], [1e3, 'k ops/s'], [1, 'ops/s']])
}

/**
 * Ours/peer as the table prints it: `2.41x faster` when ours has 2.41 times the peer's throughput,
 * `0.77x slower` when it has 0.77 times, `1.00x same` within ±2%. `n/a` when there is no ratio.
 */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio) || ratio <= 0) return 'n/a'
  const word = ratio >= 1.02 ? 'faster' : ratio <= 0.98 ? 'slower' : 'same'
  return `${ratio.toFixed(2)}x ${word}`
}

/** `±1.2%`. */
export function formatSpread(pct: number): string {
  return `±${pct.toFixed(1)}%`
}

/** Column headers of the results table. */
export const TABLE_HEADER = ['case', 'implementation', 'median', 'spread', 'throughput', 'samples', 'ours/peer'] as const

/**
 * The table rows for one case: ours first, then the peers, each peer row carrying ours/that-peer; the
 * named peer is marked with `*`. A failed implementation gets `FAILED` and its first error line.
 */
export function caseRows(result: CaseResult): string[][] {
  const rows: string[][] = []
  result.results.forEach((r, i) => {
    const name = i === 0 ? result.name : ''
    const label = r.role === 'peer' && r.impl === result.peer ? `${r.impl} *` : r.impl
    if (!r.ok) {
      rows.push([name, label, 'FAILED', '', '', '', (r.error.split('\n')[0] ?? '').slice(0, 72)])
      return
    }
    const perSecond = result.unit === 'bytes' ? r.bytesPerSecond : r.itemsPerSecond
    const ratio = r.role === 'peer' ? formatRatio(result.ratios[r.impl]) : ''
    rows.push([name, label, formatMs(r.medianMs), formatSpread(r.spreadPct), formatThroughput(perSecond, result.unit), `${r.samplesMs.length}x${r.passesPerSample}`, ratio])
  })
  if (result.error !== undefined && result.results.every((r) => r.ok)) rows.push(['', '', 'FAILED', '', '', '', result.error])
  return rows
}

/** Pad every column to its widest cell (left-aligned text, right-aligned numbers). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)))
  const numeric = (c: number): boolean => c >= 2 && c <= 5
  const line = (cells: readonly string[]): string =>
    widths.map((w, c) => (numeric(c) ? (cells[c] ?? '').padStart(w) : (cells[c] ?? '').padEnd(w))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
