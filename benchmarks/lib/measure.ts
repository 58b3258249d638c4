/**
 * The timing loop that runs inside a child process: warm-up, calibration, then N timed samples.
 * Every pass's check is compared with the expected one; a mismatch aborts the measurement.
 */
import { checksEqual, describeCheck, type Check, type Pass } from './define-case'

/** How a measurement is run. */
export interface MeasureOptions {
  /** Warm-up passes at least (untimed for the result, used to let the JIT settle). */
  warmupPasses: number
  /** Warm-up goes on until this much time has passed too (capped by `maxWarmupPasses`). */
  warmupMs: number
  maxWarmupPasses: number
  /** Timed samples; the median of these is the result. */
  repeats: number
  /** A sample repeats the pass until it lasts this long, so short passes are not dominated by timer noise. */
  minSampleMs: number
  /**
   * A ceiling for passes shorter than a microsecond, high enough that `minSampleMs` decides for the rest: a
   * sample much shorter than a slower peer's often holds no scavenge of its own after the minor GC before it,
   * so a fast pass's garbage collection would be under-counted.
   */
  maxPassesPerSample: number
}

/** Defaults for a full run. */
export const FULL_MEASURE: MeasureOptions = {
  warmupPasses: 5,
  warmupMs: 500,
  maxWarmupPasses: 100_000,
  repeats: 15,
  minSampleMs: 50,
  maxPassesPerSample: 100_000,
}

/** Defaults for `--quick` (smoke runs): a handful of passes, no calibration. */
export const QUICK_MEASURE: MeasureOptions = {
  warmupPasses: 1,
  warmupMs: 0,
  maxWarmupPasses: 1,
  repeats: 3,
  minSampleMs: 0,
  maxPassesPerSample: 1,
}

/** What a measurement produced. */
export interface Measurement {
  /** Milliseconds per pass for each sample (a sample's time divided by its passes). */
  samplesMs: number[]
  passesPerSample: number
  warmupPasses: number
  /** The check every pass returned (all equal to the expected one). */
  check: Check
}

/**
 * A MINOR (young-generation) collection before each sample clears the previous sample's short-lived garbage.
 * Not a full one: a full GC while no instance of a class is alive lets V8 drop that class's hidden class and
 * deoptimise every function depending on it ("weak objects"), so each sample would start in unoptimised code.
 * That inflated microsecond-scale passes 5-13x for every implementation (measured on tableFromIPC).
 */
const rawGc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc
const gc: (() => void) | undefined = rawGc === undefined ? undefined : () => rawGc({ type: 'minor' })

function checked(check: Check, expect: Check, when: () => string): Check {
  if (!checksEqual(check, expect)) {
    throw new Error(`wrong result during ${when()}: got ${describeCheck(check)}, expected ${describeCheck(expect)}`)
  }
  return check
}

async function runPass(pass: Pass, expect: Check, when: () => string): Promise<Check> {
  const result = pass()
  return checked(result instanceof Promise ? await result : result, expect, when)
}

/**
 * Time `passes` passes. A synchronous pass is run in a plain loop: awaiting each one would add an async
 * call, a promise and a microtask turn per pass (about a microsecond here), the same absolute cost for
 * every implementation, which hides the ratio between passes that take a few microseconds.
 */
async function timeSample(pass: Pass, expect: Check, passes: number, sync: boolean, sample: number): Promise<[number, Check]> {
  let check = expect
  const when = (): string => `sample ${sample}`
  const t0 = performance.now()
  if (sync) {
    for (let p = 0; p < passes; p++) {
      const result = pass()
      if (result instanceof Promise) throw new Error(`a pass returned a promise during ${when()} after returning a value during warm-up`)
      check = checked(result, expect, when)
    }
  } else {
    for (let p = 0; p < passes; p++) check = await runPass(pass, expect, when)
  }
  return [(performance.now() - t0) / passes, check]
}

/**
 * Warm up, calibrate the passes per sample, then time `repeats` samples. A minor GC (when the process was
 * started with --expose-gc) runs before each sample, outside the timing.
 * @throws Error when a pass returns anything other than `expect`, or the expected work is empty.
 */
export async function measure(pass: Pass, expect: Check, options: MeasureOptions): Promise<Measurement> {
  if (expect.items <= 0 || expect.bytes <= 0) {
    throw new Error(`the expected work is empty (${describeCheck(expect)}); a benchmark must do something`)
  }
  let warmupPasses = 0
  /** Every warm-up pass returned its check directly (no promise). */
  let sync = true
  // The last few warm-up pass times: the calibration takes their median, so one pass that met a GC or
  // a busy core does not set the number of passes per sample.
  const recent: number[] = []
  const warmupStart = performance.now()
  while (
    warmupPasses < options.warmupPasses ||
    (performance.now() - warmupStart < options.warmupMs && warmupPasses < options.maxWarmupPasses)
  ) {
    const t0 = performance.now()
    const result = pass()
    if (result instanceof Promise) sync = false
    checked(result instanceof Promise ? await result : result, expect, () => `warm-up pass ${warmupPasses + 1}`)
    recent[warmupPasses % 9] = performance.now() - t0
    warmupPasses++
  }
  const passMs = [...recent].sort((a, b) => a - b)[recent.length >> 1]!
  const passesPerSample = Math.max(1, Math.min(options.maxPassesPerSample, Math.ceil(options.minSampleMs / Math.max(passMs, 1e-3))))

  const samplesMs: number[] = []
  let check = expect
  for (let s = 0; s < options.repeats; s++) {
    gc?.()
    const [ms, last] = await timeSample(pass, expect, passesPerSample, sync, s + 1)
    samplesMs.push(ms)
    check = last
  }
  return { samplesMs, passesPerSample, warmupPasses, check }
}
