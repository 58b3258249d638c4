/**
 * StreamBuffer `take` against the usual alternatives, over the same pushes and takes:
 * - `Buffer.concat` (the named peer): keep a pending list; to take n bytes, concatenate the list into one
 *   Buffer (skipped when it holds a single chunk), hand out a view of the first n and keep the rest;
 * - `uint8arraylist`: the it-* family's rope; `append`, `subarray(0, n)` (a view in one chunk, else a
 *   copy), `consume(n)`.
 *
 * A pass replays a seeded schedule: push chunks until enough bytes are buffered, take the next range,
 * and fold every taken range into a digest that must match the digest of the original bytes.
 */
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Pass } from '../lib/define-case'
import { chunkViews, digestStep, randomBytes, randomInt, seededRandom } from '../lib/workload'

interface Schedule {
  /** Views of one random buffer, in order. */
  chunks: Uint8Array[]
  /** Before take i, push `pushes[i]` more chunks. */
  pushes: Uint32Array
  /** Take i removes `takes[i]` bytes from the front. */
  takes: Uint32Array
}

interface Shape {
  totalBytes: number
  quickTotalBytes: number
  chunkMin: number
  chunkMax: number
  takeMin: number
  takeMax: number
  seed: number
}

function buildSchedule(shape: Shape, quick: boolean): { input: Schedule; expect: Check } {
  const total = quick ? shape.quickTotalBytes : shape.totalBytes
  const data = randomBytes(total, shape.seed)
  const random = seededRandom(shape.seed + 1)
  const chunks: Uint8Array[] = []
  for (let off = 0; off < total; ) {
    const size = Math.min(total - off, randomInt(random, shape.chunkMin, shape.chunkMax))
    chunks.push(data.subarray(off, off + size))
    off += size
  }
  const pushes: number[] = []
  const takes: number[] = []
  let pushed = 0
  let buffered = 0
  let taken = 0
  let digest = 0
  for (;;) {
    const n = randomInt(random, shape.takeMin, shape.takeMax)
    if (taken + n > total) break
    let count = 0
    while (buffered < n) {
      buffered += chunks[pushed++]!.length
      count++
    }
    pushes.push(count)
    takes.push(n)
    digest = digestStep(digest, data.subarray(taken, taken + n))
    buffered -= n
    taken += n
  }
  return {
    input: { chunks, pushes: Uint32Array.from(pushes), takes: Uint32Array.from(takes) },
    expect: { items: takes.length, bytes: taken, digest },
  }
}

/** Replay the schedule against any rope with push/take. */
function replay(s: Schedule, push: (chunk: Uint8Array) => void, take: (n: number) => Uint8Array): Check {
  let c = 0
  let bytes = 0
  let digest = 0
  const { chunks, pushes, takes } = s
  for (let i = 0; i < takes.length; i++) {
    for (let k = pushes[i]!; k > 0; k--) push(chunks[c++]!)
    const out = take(takes[i]!)
    bytes += out.length
    digest = digestStep(digest, out)
  }
  return { items: takes.length, bytes, digest }
}

const implementations: BenchCase<Schedule>['implementations'] = {
  lightstream: {
    role: 'ours',
    async setup(s): Promise<Pass> {
      const { StreamBuffer } = await import('@lightstream/core-buffer')
      return () => {
        const buf = new StreamBuffer()
        return replay(s, (chunk) => buf.push(chunk), (n) => buf.take(n))
      }
    },
  },
  'Buffer.concat': {
    role: 'peer',
    setup(s): Pass {
      return () => {
        let pending: Uint8Array[] = []
        let length = 0
        return replay(
          s,
          (chunk) => {
            pending.push(chunk)
            length += chunk.length
          },
          (n) => {
            const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, length)
            length -= n
            pending = length > 0 ? [all.subarray(n)] : []
            return all.subarray(0, n)
          },
        )
      }
    },
  },
  uint8arraylist: {
    role: 'peer',
    async setup(s): Promise<Pass> {
      const { Uint8ArrayList } = await import('uint8arraylist')
      return () => {
        const list = new Uint8ArrayList()
        return replay(
          s,
          (chunk) => list.append(chunk),
          (n) => {
            const out = list.subarray(0, n)
            list.consume(n)
            return out
          },
        )
      }
    },
  },
}

export const cases = [
  defineCase<Schedule>({
    name: 'stream-buffer/take-across-edges',
    description: 'push 1-4 KiB chunks, take 100 B-64 KiB ranges (most span chunk edges); 64 MiB per pass',
    unit: 'bytes',
    peer: 'Buffer.concat',
    prepare: ({ quick }) =>
      buildSchedule({ totalBytes: 64 << 20, quickTotalBytes: 1 << 20, chunkMin: 1024, chunkMax: 4096, takeMin: 100, takeMax: 64 << 10, seed: 11 }, quick),
    implementations,
    nodeOnly: true, // the named peer is Node's Buffer.concat
  }),
  defineCase<Schedule>({
    name: 'stream-buffer/take-within-chunks',
    description: 'push 64 KiB chunks, take 16-512 B ranges (few span an edge); 16 MiB per pass',
    unit: 'ops',
    peer: 'Buffer.concat',
    prepare: ({ quick }) =>
      buildSchedule({ totalBytes: 16 << 20, quickTotalBytes: 1 << 20, chunkMin: 64 << 10, chunkMax: 64 << 10, takeMin: 16, takeMax: 512, seed: 12 }, quick),
    implementations,
    nodeOnly: true, // the named peer is Node's Buffer.concat
  }),
]

await runIfMain(import.meta.url, cases)
