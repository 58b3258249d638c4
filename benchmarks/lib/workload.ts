/**
 * Helpers for building deterministic workloads and checking results; shared by the case files. The seeded
 * generator is the framing conformance kit's, so a workload is the same bytes in every process.
 */
import { seededRandom } from '@lightstream/framing/testing'

export { seededRandom }

/** An integer in [min, max], both inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** `n` pseudo-random bytes from `seed`. */
export function randomBytes(n: number, seed: number): Uint8Array {
  const random = seededRandom(seed)
  const out = new Uint8Array(n)
  let i = 0
  for (; i + 4 <= n; i += 4) {
    const v = (random() * 4294967296) >>> 0
    out[i] = v; out[i + 1] = v >>> 8; out[i + 2] = v >>> 16; out[i + 3] = v >>> 24
  }
  for (; i < n; i++) out[i] = (random() * 256) >>> 0
  return out
}

/**
 * Fold one item into an order-sensitive digest, reading three bytes and the length: cheap enough to
 * leave inside the timing, strong enough that misframed or reordered items change it.
 */
export function digestStep(digest: number, bytes: Uint8Array): number {
  const n = bytes.length
  const mix = n === 0 ? 0 : bytes[0]! ^ (bytes[n >> 1]! << 8) ^ (bytes[n - 1]! << 16)
  return (Math.imul(digest, 31) + (mix ^ n)) | 0
}

/** `bytes` cut into views of `size` bytes (the last may be shorter). No copy. */
export function chunkViews(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let off = 0; off < bytes.length; off += size) chunks.push(bytes.subarray(off, Math.min(bytes.length, off + size)))
  return chunks
}

/** Human size label for case names: 64 → `64B`, 4096 → `4KiB`, 1048576 → `1MiB`. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20}MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10}KiB`
  return `${bytes}B`
}
