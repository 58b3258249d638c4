import { InvalidArgumentError } from '@lightstream/core'

/**
 * Ways to cut one input into chunks, for replaying a decoder at different chunk boundaries. The chunks
 * are views of one fresh copy of `bytes` laid out with an 8-byte gap after each chunk: consecutive chunks
 * are never adjacent in memory (as separate socket reads are not, so a StreamBuffer cannot join them),
 * while every byte keeps its offset modulo 8 (so 8-aligned data inside a chunk stays aligned).
 */

/** Gap between consecutive chunks in the copy: a multiple of 8, the widest alignment a typed array needs. */
const GAP = 8

/** Copy `bytes` cut at `ends` (ascending chunk end offsets) into one allocation with gaps; views of it. */
function separate(bytes: Uint8Array, ends: readonly number[]): Uint8Array[] {
  const memory = new Uint8Array(bytes.length + GAP * ends.length)
  const chunks: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!
    const at = start + GAP * i
    memory.set(bytes.subarray(start, end), at)
    chunks.push(memory.subarray(at, at + end - start))
    start = end
  }
  return chunks
}

/**
 * Cut `bytes` into chunks of `size` bytes (the last may be shorter). `chunkEvery(bytes, 1)` is the
 * 1-byte chunking. One copy of `bytes` (see above). An empty input gives no chunks.
 * @throws InvalidArgumentError when `size` is not a positive integer.
 */
export function chunkEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  checkBytes(bytes)
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new InvalidArgumentError(`chunk size must be a positive integer, got ${String(size)}`)
  }
  const ends: number[] = []
  for (let at = 0; at < bytes.length; at += size) ends.push(Math.min(bytes.length, at + size))
  return separate(bytes, ends)
}

/**
 * Cut `bytes` at the given offsets: `splitAt(b, 3)` is `[b[0..3), b[3..)]`. Offsets 0 and `bytes.length`
 * are allowed and give an empty chunk, which decoders must shrug off. One copy, as above.
 * @throws InvalidArgumentError for offsets that are not integers in `[0, bytes.length]` in ascending order.
 */
export function splitAt(bytes: Uint8Array, ...offsets: number[]): Uint8Array[] {
  checkBytes(bytes)
  const ends: number[] = []
  let start = 0
  for (const offset of offsets) {
    if (!Number.isSafeInteger(offset) || offset < start || offset > bytes.length) {
      throw new InvalidArgumentError(
        `split offsets must be ascending integers from 0 to ${bytes.length}, got ${String(offset)} after ${start}`,
      )
    }
    ends.push(offset)
    start = offset
  }
  ends.push(bytes.length)
  return separate(bytes, ends)
}

/**
 * Cut `bytes` into chunks of random sizes from 1 to `maxChunk` (default 64), drawn from `random`
 * (e.g. {@link seededRandom}, so a failing chunking can be replayed). One copy, as above.
 * @throws InvalidArgumentError when `maxChunk` is not a positive integer or `random` is not a function.
 */
export function randomChunks(bytes: Uint8Array, random: () => number, maxChunk = 64): Uint8Array[] {
  checkBytes(bytes)
  if (typeof random !== 'function') throw new InvalidArgumentError('randomChunks needs a random() function')
  if (!Number.isSafeInteger(maxChunk) || maxChunk < 1) {
    throw new InvalidArgumentError(`maxChunk must be a positive integer, got ${String(maxChunk)}`)
  }
  const ends: number[] = []
  let at = 0
  while (at < bytes.length) {
    const draw = random()
    const size = 1 + Math.min(maxChunk - 1, Math.floor((draw >= 0 && draw < 1 ? draw : 0) * maxChunk))
    at = Math.min(bytes.length, at + size)
    ends.push(at)
  }
  return separate(bytes, ends)
}

function checkBytes(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('expected a Uint8Array')
}
