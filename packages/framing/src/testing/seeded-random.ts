import { InvalidArgumentError } from '@lightstream/core'

/**
 * A small, fast, seeded pseudo-random generator for reproducible test chunkings: a 32-bit counter
 * advanced by the golden-ratio increment, passed through an avalanche mix (xor-shift and multiply rounds).
 * Not for cryptography. The same seed always gives the same sequence, on every engine.
 *
 * @example
 * ```ts
 * const random = seededRandom(42)
 * random() // a number in [0, 1), the same on every run
 * ```
 * @returns a function giving numbers in [0, 1).
 * @throws InvalidArgumentError when `seed` is not an integer.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new InvalidArgumentError(`seed must be an integer, got ${String(seed)}`)
  let state = seed | 0
  return () => {
    state = (state + 0x9e3779b9) | 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    z ^= z >>> 16
    return (z >>> 0) / 0x1_0000_0000
  }
}
