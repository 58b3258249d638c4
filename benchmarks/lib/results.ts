/**
 * The JSON result file: its shape, how child results become it, a validator, and writing it.
 * Shape (schema `lightstream-bench/1`):
 *
 * ```
 * { schema, startedAt, finishedAt, quick, filters, environment: { node, v8, platform, arch, cpu, cpus, loadAverage },
 *   ok, cases: [{ name, description, unit, peer, ok, error?, ratio, ratios: { [peer]: n },
 *                 results: [{ impl, role, ok, error?, detail?, medianMs, minMs, maxMs, madMs, spreadPct, samplesMs,
 *                             passesPerSample, warmupPasses, bytesPerSecond, itemsPerSecond, check }] }] }
 * ```
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { arch, cpus, loadavg, platform } from 'node:os'
import { join } from 'node:path'
import type { ChildResult } from './child'
import type { CaseListing, Check, Role, WorkUnit } from './define-case'
import { perSecond, speedRatio, summarize, type SampleSummary } from './stats'

export const SCHEMA = 'lightstream-bench/1'

/** One implementation's outcome in one case. */
export type ImplResult =
  | ({ impl: string; role: Role; ok: true; samplesMs: number[]; passesPerSample: number; warmupPasses: number;
       bytesPerSecond: number; itemsPerSecond: number; check: Check } & SampleSummary)
  | { impl: string; role: Role; ok: false; error: string; detail?: string }

/** One case's outcome. `ratio` is ours/peer for the named peer (peer time ÷ our time; above 1 = ours faster). */
export interface CaseResult {
  name: string
  description: string
  unit: WorkUnit
  peer: string
  ok: boolean
  error?: string
  ratio: number | null
  ratios: Record<string, number>
  results: ImplResult[]
}

/** A whole run. */
export interface RunReport {
  schema: typeof SCHEMA
  startedAt: string
  finishedAt: string
  quick: boolean
  filters: string[]
  environment: {
    node: string; v8: string; platform: string; arch: string; cpu: string; cpus: number; loadAverage: number[]
    /** `--browser` runs: the user agent of the Chromium that ran the cases (node and v8 are the runner's). */
    browser?: string
  }
  ok: boolean
  cases: CaseResult[]
}

/** Processes per implementation in a full run: a process can settle in a slow or a fast mode for its whole life. */
export const DEFAULT_PROCESSES = 3

/** `total` samples shared among `processes` (at most `total`) as evenly as possible, larger shares first. */
export function splitRepeats(total: number, processes: number): number[] {
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(processes) || processes < 1) {
    throw new RangeError(`splitRepeats needs positive integers, got ${total} and ${processes}`)
  }
  const n = Math.min(total, processes)
  return Array.from({ length: n }, (_, k) => Math.floor(total / n) + (k < total % n ? 1 : 0))
}

/**
 * One result from the children that ran the same implementation of the same case: their samples pooled,
 * passes per sample averaged (rounded), warm-up passes and setup time summed. Every child must have returned
 * the same check.
 * @throws Error for no children, or children that disagree on the case, implementation or check.
 */
export function mergeChildResults(children: readonly ChildResult[]): ChildResult {
  const first = children[0]
  if (first === undefined) throw new Error('no child results to merge')
  let passes = 0
  for (const child of children) {
    if (child.case !== first.case || child.impl !== first.impl) {
      throw new Error(`cannot merge ${child.case}/${child.impl} into ${first.case}/${first.impl}`)
    }
    if (JSON.stringify(child.check) !== JSON.stringify(first.check)) {
      throw new Error(`${first.impl}: processes returned different checks (${JSON.stringify(first.check)} and ${JSON.stringify(child.check)})`)
    }
    passes += child.passesPerSample * child.samplesMs.length
  }
  const samplesMs = children.flatMap((c) => c.samplesMs)
  return {
    ...first,
    samplesMs,
    passesPerSample: Math.round(passes / samplesMs.length),
    warmupPasses: children.reduce((n, c) => n + c.warmupPasses, 0),
    setupMs: children.reduce((n, c) => n + c.setupMs, 0),
  }
}

/** Summarize a child's samples into an implementation result. */
export function implResult(child: ChildResult): ImplResult {
  const summary = summarize(child.samplesMs)
  return {
    impl: child.impl,
    role: child.role,
    ok: true,
    ...summary,
    samplesMs: child.samplesMs,
    passesPerSample: child.passesPerSample,
    warmupPasses: child.warmupPasses,
    bytesPerSecond: perSecond(child.check.bytes, summary.medianMs),
    itemsPerSecond: perSecond(child.check.items, summary.medianMs),
    check: child.check,
  }
}

/**
 * Combine a case's implementation results: verify they all returned the same check, and compute
 * ours/peer for every peer that ran. A case is ok only when every implementation ran and agreed.
 */
export function caseResult(listing: CaseListing, results: ImplResult[]): CaseResult {
  const out: CaseResult = {
    name: listing.name,
    description: listing.description,
    unit: listing.unit,
    peer: listing.peer,
    ok: true,
    ratio: null,
    ratios: {},
    results,
  }
  const failed = results.filter((r) => !r.ok)
  if (failed.length > 0) {
    out.ok = false
    out.error = failed.map((r) => `${r.impl} failed`).join('; ')
  }
  const ran = results.filter((r): r is Extract<ImplResult, { ok: true }> => r.ok)
  const first = ran[0]
  const disagree = ran.find((r) => first && (r.check.items !== first.check.items || r.check.bytes !== first.check.bytes || r.check.digest !== first.check.digest))
  if (first && disagree) {
    out.ok = false
    out.error = `${disagree.impl} and ${first.impl} returned different results`
  }
  const ours = ran.find((r) => r.role === 'ours')
  if (ours && !disagree) {
    for (const r of ran) {
      if (r.role === 'peer') out.ratios[r.impl] = speedRatio(ours.medianMs, r.medianMs)
    }
    out.ratio = out.ratios[listing.peer] ?? null
  }
  return out
}

/** The machine the run happened on. */
export function environment(): RunReport['environment'] {
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: platform(),
    arch: arch(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: cpus().length,
    /** 1, 5 and 15 minute load averages when the run started: above the CPU count, other work competed. */
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * List what is wrong with a parsed result file (empty when it is well formed). Used before writing and by
 * the tests; checks types and the sanity of numbers, not how fast anything was.
 */
export function validateReport(report: unknown): string[] {
  const problems: string[] = []
  const r = report as Partial<RunReport> | null
  if (r === null || typeof r !== 'object') return ['report is not an object']
  if (r.schema !== SCHEMA) problems.push(`schema is ${String(r.schema)}, expected ${SCHEMA}`)
  for (const key of ['startedAt', 'finishedAt'] as const) {
    if (typeof r[key] !== 'string' || Number.isNaN(Date.parse(r[key]))) problems.push(`${key} is not a date`)
  }
  if (typeof r.quick !== 'boolean') problems.push('quick is not a boolean')
  if (typeof r.ok !== 'boolean') problems.push('ok is not a boolean')
  if (!Array.isArray(r.filters)) problems.push('filters is not an array')
  if (typeof r.environment?.node !== 'string') problems.push('environment.node is missing')
  if (!Array.isArray(r.cases)) return [...problems, 'cases is not an array']
  for (const c of r.cases) {
    const where = `case ${String(c?.name)}`
    if (typeof c?.name !== 'string' || !c.name.includes('/')) problems.push(`${where}: bad name`)
    if (c?.unit !== 'bytes' && c?.unit !== 'ops') problems.push(`${where}: bad unit`)
    if (typeof c?.peer !== 'string') problems.push(`${where}: peer is missing`)
    if (!Array.isArray(c?.results) || c.results.length < 2) {
      problems.push(`${where}: needs results for ours and a peer`)
      continue
    }
    if (c.ok) {
      if (!isNum(c.ratio) || c.ratio <= 0) problems.push(`${where}: ok but ratio is ${String(c.ratio)}`)
      if (!c.results.some((x) => x.role === 'ours')) problems.push(`${where}: no 'ours' result`)
      if (!c.results.some((x) => x.impl === c.peer)) problems.push(`${where}: no result for the peer ${c.peer}`)
    }
    for (const x of c.results) {
      if (!x.ok) continue
      const w = `${where} / ${x.impl}`
      for (const key of ['medianMs', 'minMs', 'maxMs', 'bytesPerSecond', 'itemsPerSecond'] as const) {
        if (!isNum(x[key]) || x[key] <= 0) problems.push(`${w}: ${key} is ${String(x[key])}`)
      }
      if (!(x.minMs <= x.medianMs && x.medianMs <= x.maxMs)) problems.push(`${w}: min <= median <= max does not hold`)
      if (!Array.isArray(x.samplesMs) || x.samplesMs.length === 0 || !x.samplesMs.every(isNum)) problems.push(`${w}: bad samples`)
      if (!isNum(x.check?.items) || x.check.items <= 0 || !isNum(x.check?.bytes) || x.check.bytes <= 0) problems.push(`${w}: check shows no work`)
    }
  }
  return problems
}

/** File-name-safe timestamp: `2025-01-31T12-34-56-789Z`. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-')
}

/** Write `<stamp>.json` and `latest.json` into `dir` (created if needed); returns the timestamped path. */
export function writeReport(report: RunReport, dir: string): string {
  mkdirSync(dir, { recursive: true })
  const text = JSON.stringify(report, null, 2) + '\n'
  const file = join(dir, `${fileStamp(new Date(report.startedAt))}.json`)
  writeFileSync(file, text)
  writeFileSync(join(dir, 'latest.json'), text)
  return file
}
