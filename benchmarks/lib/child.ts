/**
 * The child side: a case file calls {@link runIfMain} at its end, so running the file directly
 * (`node --expose-gc --import tsx cases/tlv.ts --case tlv/decode/64B --impl lightstream`) measures one
 * implementation of one case and prints the result as one marked JSON line; `--list` prints the cases.
 * Importing the file (from a test, say) runs nothing.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseChildArgs } from './args'
import { listCase, type BenchCase, type Check, type Role } from './define-case'
import { FULL_MEASURE, QUICK_MEASURE, measure } from './measure'

/** Prefix of the line carrying a child's JSON output, so stray logging cannot be mistaken for it. */
export const RESULT_MARKER = '@@lightstream-bench '

/** What a child reports for one implementation of one case. */
export interface ChildResult {
  case: string
  impl: string
  role: Role
  quick: boolean
  samplesMs: number[]
  passesPerSample: number
  warmupPasses: number
  /** The expected check; `check` equals it (the child fails otherwise). */
  expect: Check
  check: Check
  /** Milliseconds spent in `prepare` + `setup` (not part of the result; for the curious). */
  setupMs: number
}

/** Run one implementation of one case; what the child prints. */
export async function runOne(cases: readonly BenchCase<any>[], argv: readonly string[]): Promise<ChildResult> {
  const args = parseChildArgs(argv)
  const benchCase = cases.find((c) => c.name === args.caseName)
  if (benchCase === undefined) throw new Error(`no case named ${args.caseName}`)
  const impl = benchCase.implementations[args.impl!]
  if (impl === undefined) throw new Error(`case ${benchCase.name} has no implementation ${args.impl}`)
  const t0 = performance.now()
  const { input, expect } = await benchCase.prepare({ quick: args.quick })
  const pass = await impl.setup(input)
  const setupMs = performance.now() - t0
  const base = args.quick ? QUICK_MEASURE : FULL_MEASURE
  const options = { ...base, repeats: args.repeats ?? base.repeats, warmupPasses: args.warmup ?? base.warmupPasses }
  const m = await measure(pass, expect, options)
  return {
    case: benchCase.name,
    impl: args.impl!,
    role: impl.role,
    quick: args.quick,
    samplesMs: m.samplesMs,
    passesPerSample: m.passesPerSample,
    warmupPasses: m.warmupPasses,
    expect,
    check: m.check,
    setupMs,
  }
}

function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

/**
 * When the calling module is the process entry point, act on argv: `--list` prints the case listings as
 * JSON; otherwise measure one implementation and print `RESULT_MARKER + JSON`. Errors go to stderr with
 * exit code 1.
 */
export async function runIfMain(moduleUrl: string, cases: readonly BenchCase<any>[]): Promise<void> {
  if (!isMain(moduleUrl)) return
  try {
    const argv = process.argv.slice(2)
    if (argv.includes('--list')) {
      process.stdout.write(RESULT_MARKER + JSON.stringify(cases.map(listCase)) + '\n')
      return
    }
    const result = await runOne(cases, argv)
    process.stdout.write(RESULT_MARKER + JSON.stringify(result) + '\n')
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
}
