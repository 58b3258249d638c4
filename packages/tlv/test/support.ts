import fc from 'fast-check'
import type { TlvFrame, TlvOptions } from '@lightstream/tlv'

/** Every layout the options allow. */
export const LAYOUTS: Array<{ tagWidth: 1 | 2 | 4; lengthWidth: 1 | 2 | 4 | 8 }> = []
for (const tagWidth of [1, 2, 4] as const) {
  for (const lengthWidth of [1, 2, 4, 8] as const) LAYOUTS.push({ tagWidth, lengthWidth })
}

export const layoutName = (o: TlvOptions): string => `tag ${o.tagWidth ?? 1}B / length ${o.lengthWidth ?? 4}B`

/** ASCII bytes of `text`. */
export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * An independent reference encoder written with DataView, used to build expected bytes without going
 * through the code under test.
 */
export function referenceEncode(frames: readonly TlvFrame[], options: TlvOptions = {}): Uint8Array {
  const tw = options.tagWidth ?? 1
  const lw = options.lengthWidth ?? 4
  const size = frames.reduce((n, f) => n + tw + lw + f.payload.length, 0)
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  let at = 0
  for (const { tag, payload } of frames) {
    if (tw === 1) view.setUint8(at, tag)
    else if (tw === 2) view.setUint16(at, tag, true)
    else view.setUint32(at, tag, true)
    at += tw
    if (lw === 1) view.setUint8(at, payload.length)
    else if (lw === 2) view.setUint16(at, payload.length, true)
    else if (lw === 4) view.setUint32(at, payload.length, true)
    else view.setBigUint64(at, BigInt(payload.length), true)
    at += lw
    out.set(payload, at)
    at += payload.length
  }
  return out
}

/** Arbitrary frames that fit a layout (payloads kept small so property runs stay fast). */
export function arbFrames(options: TlvOptions = {}, maxLength = 40): fc.Arbitrary<TlvFrame[]> {
  const tw = options.tagWidth ?? 1
  const maxTag = 2 ** (8 * tw) - 1
  const maxPayload = Math.min(300, options.lengthWidth === 1 ? 255 : 300)
  const frame = fc.record({
    tag: fc.oneof(fc.constantFrom(0, maxTag), fc.integer({ min: 0, max: maxTag })),
    payload: fc.oneof(
      { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
      { weight: 4, arbitrary: fc.uint8Array({ maxLength: 64 }) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 200, maxLength: maxPayload }) },
    ),
  })
  return fc.array(frame, { maxLength })
}

/** Plain copies of frames, for comparing with `toEqual`. */
export const plain = (frames: Iterable<TlvFrame>): Array<{ tag: number; payload: number[] }> =>
  Array.from(frames, (f) => ({ tag: f.tag, payload: Array.from(f.payload) }))

/** Split `bytes` at the given cut points (views, no copy). */
export function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let from = 0
  for (const at of points) {
    out.push(bytes.slice(from, at))
    from = at
  }
  out.push(bytes.slice(from))
  return out
}

/** Yield chunks asynchronously, one macrotask apart (setImmediate), like a socket. */
export async function* slowly(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve))
    yield chunk
  }
}

/** Collect an iterable or async iterable into an array. */
export async function collect<T>(source: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}
