/**
 * TLV framing against it-length-prefixed (a varint length before each payload; the it-* family's framer)
 * on the same payloads. Each side frames them in its own wire format (ours: `[tag u8][len u32 LE]`
 * headers; theirs: a varint length), so throughput counts payload bytes (or frames) only and both sides
 * are credited the same work.
 *
 * - `tlv/encode/<size>`: frames → header + payload parts, payloads not copied
 *   (ours `TlvEncoder.encode`; theirs `encode(payloads)`, a sync generator of parts).
 * - `tlv/decode/<size>`: the encoded stream cut into 64 KiB chunks (so some frames span chunks) → payloads
 *   (ours `readTlv(chunks)`, a sync generator of views; theirs `decode(chunks)` and `.subarray()` on each
 *   Uint8ArrayList, a view unless the frame spans chunks, as ours).
 * - `tlv/decode-contiguous/<size>`: the whole stream as one Uint8Array (ours `decodeTlv`; theirs
 *   `decode([bytes])`).
 * - `tlv/encode-decode/<size>`: frames → one contiguous buffer (ours `encodeTlv`; theirs `encode` collected
 *   into a Uint8ArrayList and `.subarray()`; one copy each) → 64 KiB chunk views → decoded as above.
 *
 * Every pass folds the payloads it produced into a digest that must equal the digest of the original
 * payloads, and counts frames and payload bytes; a pass that produces anything else fails the case.
 */
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Pass } from '../lib/define-case'
import { chunkViews, digestStep, randomBytes, sizeLabel } from '../lib/workload'

/** Chunk size the stream decoders are fed, as a socket or file reader might deliver it. */
const CHUNK = 64 << 10

interface Frames {
  payloads: Uint8Array[]
  /** The same payloads as TLV frames, tag = index mod 256. */
  frames: { tag: number; payload: Uint8Array }[]
}

function prepareFrames(size: number, count: number): { input: Frames; expect: Check } {
  const pool = randomBytes(size * count, size ^ 0x71)
  const payloads: Uint8Array[] = []
  let digest = 0
  for (let i = 0; i < count; i++) {
    const payload = pool.subarray(i * size, (i + 1) * size)
    payloads.push(payload)
    digest = digestStep(digest, payload)
  }
  const frames = payloads.map((payload, i) => ({ tag: i & 0xff, payload }))
  return { input: { payloads, frames }, expect: { items: count, bytes: size * count, digest } }
}

/** Count and digest decoded TLV frames' payloads (a plain loop: no wrapper generator in the timing). */
function tallyFrames(frames: Iterable<{ payload: Uint8Array }>): Check {
  let items = 0
  let bytes = 0
  let digest = 0
  for (const { payload } of frames) {
    items++
    bytes += payload.length
    digest = digestStep(digest, payload)
  }
  return { items, bytes, digest }
}

/** The same for it-length-prefixed's Uint8ArrayList items, each turned into bytes with `.subarray()`. */
function tallyLists(lists: Iterable<{ subarray(): Uint8Array }>): Check {
  let items = 0
  let bytes = 0
  let digest = 0
  for (const list of lists) {
    const payload = list.subarray()
    items++
    bytes += payload.length
    digest = digestStep(digest, payload)
  }
  return { items, bytes, digest }
}

const tlv = () => import('@lightstream/tlv')
const lp = () => import('it-length-prefixed')

/** it-length-prefixed's stream as one buffer, the way an it-* user collects it: a Uint8ArrayList, then subarray. */
async function lpEncoder(): Promise<(payloads: Uint8Array[]) => Uint8Array> {
  const [{ encode }, { Uint8ArrayList }] = await Promise.all([lp(), import('uint8arraylist')])
  return (payloads) => {
    const list = new Uint8ArrayList()
    for (const part of encode(payloads)) list.append(part)
    return list.subarray()
  }
}

type Impls = BenchCase<Frames>['implementations']

const encodeParts: Impls = {
  lightstream: {
    role: 'ours',
    async setup({ frames }): Promise<Pass> {
      const encoder = new (await tlv()).TlvEncoder()
      return () => {
        let position = 0
        let items = 0
        let bytes = 0
        let digest = 0
        for (const frame of frames) {
          const parts = encoder.encode(frame, position)
          for (const part of parts) position += part.length
          const payload = parts[1] ?? new Uint8Array(0)
          items++
          bytes += payload.length
          digest = digestStep(digest, payload)
        }
        if (position !== bytes + items * encoder.headerSize) throw new Error(`encoded ${position} bytes, expected ${bytes + items * encoder.headerSize}`)
        return { items, bytes, digest }
      }
    },
  },
  'it-length-prefixed': {
    role: 'peer',
    async setup({ payloads }): Promise<Pass> {
      const { encode } = await lp()
      return () => {
        let position = 0
        let items = 0
        let bytes = 0
        let digest = 0
        let isPayload = false // parts alternate: varint length, payload
        for (const part of encode(payloads)) {
          position += part.length
          if (isPayload) {
            items++
            bytes += part.length
            digest = digestStep(digest, part)
          }
          isPayload = !isPayload
        }
        if (position <= bytes) throw new Error(`encoded ${position} bytes for ${bytes} payload bytes`)
        return { items, bytes, digest }
      }
    },
  },
}

const decodeChunks: Impls = {
  lightstream: {
    role: 'ours',
    async setup({ frames }): Promise<Pass> {
      const { encodeTlv, readTlv } = await tlv()
      const chunks = chunkViews(encodeTlv(frames), CHUNK)
      return () => tallyFrames(readTlv(chunks))
    },
  },
  'it-length-prefixed': {
    role: 'peer',
    async setup({ payloads }): Promise<Pass> {
      const { decode } = await lp()
      const chunks = chunkViews((await lpEncoder())(payloads), CHUNK)
      return () => tallyLists(decode(chunks))
    },
  },
}

const decodeContiguous: Impls = {
  lightstream: {
    role: 'ours',
    async setup({ frames }): Promise<Pass> {
      const { encodeTlv, decodeTlv } = await tlv()
      const bytes = encodeTlv(frames)
      return () => tallyFrames(decodeTlv(bytes))
    },
  },
  'it-length-prefixed': {
    role: 'peer',
    async setup({ payloads }): Promise<Pass> {
      const { decode } = await lp()
      const bytes = (await lpEncoder())(payloads)
      return () => tallyLists(decode([bytes]))
    },
  },
}

const encodeDecode: Impls = {
  lightstream: {
    role: 'ours',
    async setup({ frames }): Promise<Pass> {
      const { encodeTlv, readTlv } = await tlv()
      return () => tallyFrames(readTlv(chunkViews(encodeTlv(frames), CHUNK)))
    },
  },
  'it-length-prefixed': {
    role: 'peer',
    async setup({ payloads }): Promise<Pass> {
      const { decode } = await lp()
      const encodeAll = await lpEncoder()
      return () => tallyLists(decode(chunkViews(encodeAll(payloads), CHUNK)))
    },
  },
}

/** Payload sizes and frame counts: ~100k small frames, 64 MiB of large ones (quick: a few hundred KiB). */
const SIZES = [
  { size: 64, count: 100_000, quickCount: 2_000 },
  { size: 4096, count: 16_384, quickCount: 128 },
]

/** Encoding parts touches no payload byte, so it is counted in frames per second; the others in payload MB/s. */
const KINDS: { kind: string; what: string; unit: 'bytes' | 'ops'; implementations: Impls }[] = [
  { kind: 'encode', what: 'frames to header + payload parts (no payload copy)', unit: 'ops', implementations: encodeParts },
  { kind: 'decode', what: 'decode the stream from 64 KiB chunks (frames span chunks)', unit: 'bytes', implementations: decodeChunks },
  { kind: 'decode-contiguous', what: 'decode the stream from one contiguous buffer', unit: 'bytes', implementations: decodeContiguous },
  { kind: 'encode-decode', what: 'encode to one buffer, then decode it from 64 KiB chunks', unit: 'bytes', implementations: encodeDecode },
]

export const cases = KINDS.flatMap(({ kind, what, unit, implementations }) =>
  SIZES.map(({ size, count, quickCount }) =>
    defineCase<Frames>({
      name: `tlv/${kind}/${sizeLabel(size)}`,
      description: `${what}; ${count} frames of ${sizeLabel(size)}`,
      unit,
      peer: 'it-length-prefixed',
      prepare: ({ quick }) => prepareFrames(size, quick ? quickCount : count),
      implementations,
    }),
  ),
)

await runIfMain(import.meta.url, cases)
