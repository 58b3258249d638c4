import { ReleasedMemoryError } from '@lightstream/core'

/*
 * Operations on a rope of chunks, used by StreamBuffer: `chunks[head..]` hold the bytes in order, every one
 * non-empty, and the first `offset` bytes of `chunks[head]` are already consumed (offset < its length);
 * slots before `head` hold EMPTY. Only `copyRange` and `copyFront` copy, into memory the caller provides.
 *
 * Sizes are read with `length`, not `byteLength`: the same for a Uint8Array (0 once its buffer is detached),
 * but V8 inlines `length` while `byteLength` is a builtin call, about ten times the cost on Node 20, and a
 * rope reads them for every chunk it pushes, walks or copies.
 */

/** The empty chunk that fills consumed slots. */
export const EMPTY = new Uint8Array(0)

/** The byte at `index` counted from the rope's front; the caller has checked the index. O(chunks walked). */
export function byteAt(chunks: readonly Uint8Array[], head: number, offset: number, index: number): number {
  let i = head
  let chunk = chunks[i]!
  index += offset
  while (index >= chunk.length) {
    index -= chunk.length
    chunk = chunks[++i]!
  }
  return chunk[index]!
}

/** Position of the first `byte` at or after `fromIndex` (negative counts as 0), or -1. No copy. */
export function indexOfByte(chunks: readonly Uint8Array[], head: number, offset: number, byte: number, fromIndex: number): number {
  const from = Math.max(0, fromIndex) + offset // counted from the start of chunks[head]
  let base = 0
  for (let i = head; i < chunks.length; i++) {
    const chunk = chunks[i]!
    if (from < base + chunk.length) {
      const found = chunk.indexOf(byte, Math.max(0, from - base))
      if (found >= 0) return base + found - offset
    }
    base += chunk.length
  }
  return -1
}

/**
 * Copy `out.length` bytes of a list of chunks read as one byte sequence into `out`: the sequence starts at
 * byte `offset` of `chunks[head]` (0, 0 for the whole list), and the copy at its byte `start`. The caller
 * checks that the range exists. O(chunks + bytes copied).
 *
 * @example
 * ```ts
 * const out = new Uint8Array(3)
 * copyRange([Uint8Array.of(1, 2), Uint8Array.of(3, 4)], 0, 0, 1, out) // out = [2, 3, 4]
 * ```
 */
export function copyRange(chunks: readonly Uint8Array[], head: number, offset: number, start: number, out: Uint8Array): void {
  let pos = 0
  let skip = start + offset
  for (let i = head; i < chunks.length && pos < out.length; i++) {
    const chunk = chunks[i]!
    if (skip >= chunk.length) {
      skip -= chunk.length
      continue
    }
    const piece = chunk.subarray(skip, Math.min(chunk.length, skip + out.length - pos))
    out.set(piece, pos)
    pos += piece.length
    skip = 0
  }
}

/**
 * Copy the rope's first `out.length` bytes into `out` and drop them from the rope: chunks wholly copied
 * become EMPTY. Returns where the rope starts now. The caller has checked the range and that it spans
 * more than `chunks[head]`.
 */
export function copyFront(chunks: Uint8Array[], head: number, offset: number, out: Uint8Array): RopeFront {
  const n = out.length
  let chunk = chunks[head]!
  out.set(offset === 0 ? chunk : chunk.subarray(offset), 0)
  let pos = chunk.length - offset
  chunks[head++] = EMPTY
  for (;;) {
    chunk = chunks[head]!
    const want = n - pos
    if (chunk.length > want) {
      out.set(chunk.subarray(0, want), pos)
      return { head, offset: want }
    }
    out.set(chunk, pos)
    pos += chunk.length
    chunks[head++] = EMPTY
    if (pos === n) return { head, offset: 0 }
  }
}

/** Where a rope starts after {@link copyFront}: the first chunk still holding bytes, and how many of them are consumed. */
export interface RopeFront {
  head: number
  offset: number
}

/**
 * Check that the chunks after `chunks[from]` covering the rope's first `upTo` bytes (`seen` of which the
 * chunks up to `from` hold) are still readable: a chunk whose buffer was detached reads as length 0.
 * @throws ReleasedMemoryError for a detached chunk.
 */
export function checkReadable(chunks: readonly Uint8Array[], from: number, seen: number, upTo: number): void {
  for (let i = from + 1; seen < upTo; i++) {
    const length = chunks[i]!.length
    if (length === 0) throw detachedChunkError()
    seen += length
  }
}

/** The error for a buffered chunk whose memory was detached and cannot be re-derived. */
export function detachedChunkError(): ReleasedMemoryError {
  return new ReleasedMemoryError('a buffered chunk was detached (transferred, or its WebAssembly.Memory grew) and cannot be read')
}
