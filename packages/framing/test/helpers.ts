import { NEED_MORE, type FrameDecoder } from '@lightstream/core'

/**
 * A newline-delimited decoder that gives no `needed` hint, the unhinted case of the Deframer. The last,
 * unterminated line comes out of `finish`. `calls` counts decode calls and `scanned` the bytes offered.
 */
export function newlineDecoder(): FrameDecoder<Uint8Array> & { calls: number; scanned: number; finishes: number } {
  return {
    calls: 0,
    scanned: 0,
    finishes: 0,
    decode(bytes) {
      this.calls++
      this.scanned += bytes.length
      const end = bytes.indexOf(10)
      if (end < 0) return NEED_MORE
      return { frame: bytes.subarray(0, end), consumed: end + 1 }
    },
    finish(remaining) {
      this.finishes++
      return remaining.length > 0 ? remaining : undefined
    },
  }
}

/**
 * A generator of 1-byte chunks, made lazily so a large input does not need a million views at once. Each
 * sits one byte apart from the next in a spread-out copy, so no two are adjacent in memory (a StreamBuffer
 * joins adjacent chunks).
 */
export function* oneByteChunks(bytes: Uint8Array): Generator<Uint8Array> {
  const block = 4096
  for (let start = 0; start < bytes.length; start += block) {
    const n = Math.min(block, bytes.length - start)
    const spread = new Uint8Array(2 * n)
    for (let i = 0; i < n; i++) spread[2 * i] = bytes[start + i]!
    for (let i = 0; i < n; i++) yield spread.subarray(2 * i, 2 * i + 1)
  }
}

/** An async source yielding `chunks` one per macrotask. */
export async function* slowly(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve))
    yield chunk
  }
}

/** Concatenate byte arrays (test-side, independent of the package's concatParts). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Wait for `n` turns of the event loop. */
export async function ticks(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Track whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false
  const watched = promise.then(
    (value) => {
      done = true
      return value
    },
    (error: unknown) => {
      done = true
      throw error
    },
  )
  watched.catch(() => {})
  return { settled: () => done, promise: watched }
}
