/**
 * Pure statistics over timing samples. No I/O, no clocks: the parent process and the tests both use these.
 */

/** Summary of one implementation's samples, all times in milliseconds per pass over the workload. */
export interface SampleSummary {
  medianMs: number
  minMs: number
  maxMs: number
  /** Median absolute deviation, a spread measure that one outlier cannot move. */
  madMs: number
  /** `madMs / medianMs` as a percentage; what the table prints as `±`. */
  spreadPct: number
}

/**
 * Median of a non-empty list of finite numbers (the mean of the two middle values for an even count).
 * Does not modify its input.
 * @throws RangeError for an empty list or a non-finite value; a harness bug, never user input.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list')
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`median of a non-finite value: ${v}`)
  }
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}

/** Median, extremes and spread of a list of per-pass times. */
export function summarize(samplesMs: readonly number[]): SampleSummary {
  const medianMs = median(samplesMs)
  const madMs = medianAbsoluteDeviation(samplesMs)
  return {
    medianMs,
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    madMs,
    spreadPct: medianMs > 0 ? (madMs / medianMs) * 100 : 0,
  }
}

/**
 * Work per second given the work done by one pass and the pass's median time.
 * For bytes the result is bytes/s (the table divides by 1e6 for MB/s); for operations, ops/s.
 */
export function perSecond(workPerPass: number, medianMs: number): number {
  if (!(medianMs > 0)) throw new RangeError(`median time must be positive, got ${medianMs}`)
  return workPerPass / (medianMs / 1000)
}

/**
 * How much faster ours is than a peer: `peer median time / our median time`, which equals
 * `our throughput / peer throughput` since both did the same work. Above 1 means ours is faster.
 */
export function speedRatio(oursMedianMs: number, peerMedianMs: number): number {
  if (!(oursMedianMs > 0) || !(peerMedianMs > 0)) {
    throw new RangeError(`median times must be positive, got ours=${oursMedianMs} peer=${peerMedianMs}`)
  }
  return peerMedianMs / oursMedianMs
}
