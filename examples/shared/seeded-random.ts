/**
 * Deterministic data and chunking for the examples, so every run makes the same bytes and cuts them the same
 * way. The generator and the chunker are the framing conformance kit's own (`@lightstream/framing/testing`).
 */
import { seededRandom, randomChunks } from '@lightstream/framing/testing'

export { seededRandom, randomChunks }

/** An integer in [min, max]. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}
