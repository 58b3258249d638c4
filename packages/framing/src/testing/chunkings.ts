import { InvalidArgumentError } from '@lightstream/core'

/**
 * Ways to cut one input into chunks, for replaying a decoder at different chunk boundaries. Every chunk
 * is a view of `bytes` (no copy).
 */

/**
 * Cut `bytes` into chunks of `size` bytes (the last may be shorter). `chunkEvery(bytes, 1)` is the
 * 1-byte chunking. No copy. An empty input gives no chunks.
 * @throws InvalidArgumentError when `size` is not a positive integer.
 */
export function chunkEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  checkBytes(bytes)
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new InvalidArgumentError(`chunk size must be a positive integer, got ${String(size)}`)
  }
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)))
  return chunks
}

/**
 * Cut `bytes` at the given offsets: `splitAt(b, 3)` is `[b[0..3), b[3..)]`. Offsets 0 and `bytes.length`
 * are allowed and give an empty chunk, which decoders must shrug off. No copy.
 * @throws InvalidArgumentError for offsets that are not integers in `[0, bytes.length]` in ascending order.
 */
export function splitAt(bytes: Uint8Array, ...offsets: number[]): Uint8Array[] {
  checkBytes(bytes)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const offset of offsets) {
    if (!Number.isSafeInteger(offset) || offset < start || offset > bytes.length) {
      throw new InvalidArgumentError(
        `split offsets must be ascending integers from 0 to ${bytes.length}, got ${String(offset)} after ${start}`,
      )
    }
    chunks.push(bytes.subarray(start, offset))
    start = offset
  }
  chunks.push(bytes.subarray(start))
  return chunks
}

/**
 * Cut `bytes` into chunks of random sizes from 1 to `maxChunk` (default 64), drawn from `random`
 * (e.g. {@link seededRandom}, so a failing chunking can be replayed). No copy.
 * @throws InvalidArgumentError when `maxChunk` is not a positive integer or `random` is not a function.
 */
export function randomChunks(bytes: Uint8Array, random: () => number, maxChunk = 64): Uint8Array[] {
  checkBytes(bytes)
  if (typeof random !== 'function') throw new InvalidArgumentError('randomChunks needs a random() function')
  if (!Number.isSafeInteger(maxChunk) || maxChunk < 1) {
    throw new InvalidArgumentError(`maxChunk must be a positive integer, got ${String(maxChunk)}`)
  }
  const chunks: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    const draw = random()
    const size = 1 + Math.min(maxChunk - 1, Math.floor((draw >= 0 && draw < 1 ? draw : 0) * maxChunk))
    chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)))
    at += size
  }
  return chunks
}

function checkBytes(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('expected a Uint8Array')
}
