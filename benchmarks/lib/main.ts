/**
 * The parent: find the case files, list their cases, run each (case, implementation) in fresh processes
 * (`--processes`, default 3, each taking its share of the samples; the implementations of a case take turns,
 * so a busy moment of the machine does not fall on one of them only), pool the samples, print the table and
 * write the JSON results. Returns the process exit code (1 when anything failed).
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { USAGE, matchesFilters, parseRunArgs } from './args'
import type { ChildResult } from './child'
import type { CaseListing } from './define-case'
import { TABLE_HEADER, caseRows, formatMs, formatRatio, renderTable } from './format'
import { FULL_MEASURE, QUICK_MEASURE } from './measure'
import {
  DEFAULT_PROCESSES, SCHEMA, caseResult, environment, implResult, mergeChildResults, splitRepeats, validateReport, writeReport,
  type CaseResult, type ImplResult, type RunReport,
} from './results'
import { BENCH_DIR, runChild, type ChildOutcome } from './spawn-case'
import { browserPage, runBrowserChild } from './browser-child'
import { CHROMIUM_HOW_TO_GET, findChromium } from '../../tooling/browser'

const log = (line: string): void => { process.stderr.write(line + '\n') }

/** Case files: `*.ts` in `dir` (default `benchmarks/cases`), sorted, as paths relative to the benchmarks directory. */
export function caseFiles(dir = join(fileURLToPath(BENCH_DIR), 'cases')): string[] {
  const benchDir = fileURLToPath(BENCH_DIR)
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => relative(benchDir, resolve(dir, f)))
}

/** A warning when the machine was busy at the start (1-minute load average above 3/4 of the CPUs). */
export function busyWarning(env: RunReport['environment']): string | undefined {
  const load = env.loadAverage[0] ?? 0
  if (load <= env.cpus * 0.75) return undefined
  return `warning: load average ${load.toFixed(2)} on ${env.cpus} CPUs at the start; other processes compete, expect noise`
}

/** `node v20.20.2`, or the browser's product and version for `--browser` runs (`HeadlessChrome 156.0.0.0`). */
export function runtimeLabel(env: RunReport['environment']): string {
  if (env.browser === undefined) return `node ${env.node}`
  const product = /(HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(env.browser)
  return product === null ? env.browser : `${product[1]} ${product[2]} (headless Chromium)`
}

/** Run the harness with command-line arguments; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let args
  try {
    args = parseRunArgs(argv)
  } catch (error) {
    log(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const chromium = args.browser ? findChromium() : undefined
  if (args.browser && chromium === undefined) {
    log(`--browser: ${CHROMIUM_HOW_TO_GET}`)
    return 2
  }
  const startedAt = new Date()
  const env = environment()
  const busy = busyWarning(env)
  let ok = true
  const selected: { file: string; listing: CaseListing }[] = []
  for (const file of caseFiles(args.casesDir)) {
    const listed = await runChild<CaseListing[]>(file, ['--list'])
    if (!listed.ok) {
      log(`could not list ${file}:\n${listed.detail}`)
      ok = false
      continue
    }
    const matching = listed.value.filter((listing) => matchesFilters(listing.name, args.filters))
    if (args.browser && matching.length > 0 && !args.list) {
      const why = await browserPage(file).then(() => undefined, (error: Error) => error.message.split('\n').slice(1, 2).join(''))
      if (why !== undefined) {
        log(`${file}: skipped in the browser, it needs Node (${why.trim()})`)
        continue
      }
    }
    for (const listing of matching) {
      if (args.browser && listing.nodeOnly === true) log(`${listing.name}: skipped in the browser, it needs Node`)
      else selected.push({ file, listing })
    }
  }
  if (args.list) {
    for (const { listing } of selected) process.stdout.write(`${listing.name}  (${listing.implementations.map((i) => i.name).join(' vs ')})  ${listing.description}\n`)
    return ok ? 0 : 1
  }
  if (selected.length === 0) {
    log(args.filters.length > 0 ? `no case matches ${args.filters.map((f) => `'${f}'`).join(' or ')}; try --list` : 'no cases found')
    return 1
  }

  if (busy !== undefined) log(busy)
  const childFlags = [
    ...(args.quick ? ['--quick'] : []),
    ...(args.warmup !== undefined ? ['--warmup', String(args.warmup)] : []),
  ]
  const repeats = args.repeats ?? (args.quick ? QUICK_MEASURE : FULL_MEASURE).repeats
  const shares = splitRepeats(repeats, args.processes ?? (args.quick ? 1 : DEFAULT_PROCESSES))
  const cases: CaseResult[] = []
  const run = async (file: string, childArgs: string[]): Promise<ChildOutcome<ChildResult>> => {
    if (chromium === undefined) return runChild<ChildResult>(file, childArgs)
    const outcome = await runBrowserChild(chromium, file, childArgs)
    if (!outcome.ok) return outcome
    env.browser = outcome.value.userAgent
    return { ok: true, value: outcome.value.result }
  }
  for (const { file, listing } of selected) {
    const runs = new Map<string, ChildResult[]>()
    const failed = new Map<string, ImplResult>()
    for (const share of shares) {
      for (const { name, role } of listing.implementations) {
        if (failed.has(name)) continue
        const outcome = await run(file, ['--case', listing.name, '--impl', name, '--repeats', String(share), ...childFlags])
        if (outcome.ok) {
          runs.set(name, [...(runs.get(name) ?? []), outcome.value])
        } else {
          failed.set(name, { impl: name, role, ok: false, error: outcome.error, detail: outcome.detail })
          log(`${listing.name}  ${name}: FAILED\n${outcome.detail}`)
        }
      }
    }
    const results: ImplResult[] = []
    for (const { name, role } of listing.implementations) {
      const failure = failed.get(name)
      if (failure !== undefined) {
        results.push(failure)
        continue
      }
      try {
        const r = implResult(mergeChildResults(runs.get(name) ?? []))
        results.push(r)
        if (r.ok) log(`${listing.name}  ${name}: ${formatMs(r.medianMs)}`)
      } catch (error) {
        const message = (error as Error).message
        results.push({ impl: name, role, ok: false, error: message, detail: message })
        log(`${listing.name}  ${name}: FAILED\n${message}`)
      }
    }
    const result = caseResult(listing, results)
    if (!result.ok) ok = false
    if (result.ok) log(`${listing.name}  ours/${listing.peer}: ${formatRatio(result.ratio)}`)
    else if (result.error !== undefined) log(`${listing.name}: ${result.error}`)
    cases.push(result)
  }

  const report: RunReport = {
    schema: SCHEMA,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: args.quick,
    filters: args.filters,
    environment: env,
    ok,
    cases,
  }
  process.stdout.write(
    `\nLightstream benchmarks${args.quick ? ' (--quick: smoke run, numbers not meaningful)' : ''} — ${runtimeLabel(env)}, ${env.platform}/${env.arch}, ${env.cpus} x ${env.cpu}\n` +
      `median time per pass; spread = median absolute deviation; samples = repeats x passes per sample, from ${shares.length} process${shares.length === 1 ? '' : 'es'} per implementation;\n` +
      `ours/peer = peer time / our time (above 1: ours faster); * = the named peer of the case\n` +
      (busy !== undefined ? `${busy}\n` : '') +
      '\n' +
      renderTable(TABLE_HEADER, cases.flatMap(caseRows)) + '\n',
  )
  const problems = validateReport(report)
  if (problems.length > 0) {
    log(`the result report is malformed (a harness bug):\n  ${problems.join('\n  ')}`)
    return 1
  }
  if (args.save) {
    const dir = args.outDir ?? join(fileURLToPath(BENCH_DIR), 'results', ...(args.browser ? ['browser'] : []))
    const file = writeReport(report, dir)
    const shown = relative(process.cwd(), file)
    process.stdout.write(`\nresults: ${shown.startsWith('..') || isAbsolute(shown) ? file : shown} (and latest.json)\n`)
  }
  return ok ? 0 : 1
}
