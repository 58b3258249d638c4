/**
 * Measuring one implementation of one case, in whatever runtime imported the case file: a Node child
 * process (`child.ts`) or a browser page (`browser-child.ts`). No Node APIs here.
 */
import { parseChildArgs } from './args'
import type { BenchCase, Check, Role } from './define-case'
import { FULL_MEASURE, QUICK_MEASURE, measure } from './measure'

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
