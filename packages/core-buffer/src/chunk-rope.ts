import { ReleasedMemoryError } from '@lightstream/core'

/*
 * Operations on a rope of chunks, used by StreamBuffer: `chunks[head..]` hold the bytes in order, every one
 * non-empty; slots before `head` hold EMPTY. Only `copyRange` and `mergeFront` copy, into memory the caller
 * provides.
 */

/** The empty chunk that fills consumed slots. */
export const EMPTY = new Uint8Array(0)

/** The byte at `index` counted from the rope's front; the caller has checked the index. O(chunks walked). */
export function byteAt(chunks: readonly Uint8Array[], head: number, index: number): number {
  let i = head
  let chunk = chunks[i]!
  while (index >= chunk.byteLength) {
    index -= chunk.byteLength
    chunk = chunks[++i]!
  }
  return chunk[index]!
}

/** Position of the first `byte` at or after `fromIndex` (negative counts as 0), or -1. No copy. */
export function indexOfByte(chunks: readonly Uint8Array[], head: number, byte: number, fromIndex: number): number {
  let base = 0
  for (let i = head; i < chunks.length; i++) {
    const chunk = chunks[i]!
    if (fromIndex < base + chunk.byteLength) {
      const found = chunk.indexOf(byte, Math.max(0, fromIndex - base))
      if (found >= 0) return base + found
    }
    base += chunk.byteLength
  }
  return -1
}

/** Copy the rope's bytes from `start` into all of `out`; the caller has checked the range. */
export function copyRange(chunks: readonly Uint8Array[], head: number, start: number, out: Uint8Array): void {
  let pos = 0
  let skip = start
  for (let i = head; i < chunks.length && pos < out.byteLength; i++) {
    const chunk = chunks[i]!
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength
      continue
    }
    const piece = chunk.subarray(skip, Math.min(chunk.byteLength, skip + out.byteLength - pos))
    out.set(piece, pos)
    pos += piece.byteLength
    skip = 0
  }
}

/**
 * Copy the rope's first `n` bytes into `merged` and put it in their place: chunks wholly copied become EMPTY,
 * one partly copied keeps its rest, and `merged` takes the slot just before the first chunk still holding
 * bytes. Returns that slot, the new head. The caller has checked that more than one chunk is involved.
 */
export function mergeFront(chunks: Uint8Array[], head: number, n: number, merged: Uint8Array): number {
  let pos = 0
  let i = head
  while (pos < n) {
    const chunk = chunks[i]!
    const want = n - pos
    if (chunk.byteLength <= want) {
      merged.set(chunk, pos)
      pos += chunk.byteLength
      chunks[i++] = EMPTY
    } else {
      merged.set(chunk.subarray(0, want), pos)
      pos = n
      chunks[i] = chunk.subarray(want)
    }
  }
  chunks[--i] = merged
  return i
}

/**
 * Check that the chunks after `chunks[from]` covering the rope's first `upTo` bytes (`seen` of which the
 * chunks up to `from` hold) are still readable: a chunk whose buffer was detached reads as length 0.
 * @throws ReleasedMemoryError for a detached chunk.
 */
export function checkReadable(chunks: readonly Uint8Array[], from: number, seen: number, upTo: number): void {
  for (let i = from + 1; seen < upTo; i++) {
    const length = chunks[i]!.byteLength
    if (length === 0) throw detachedChunkError()
    seen += length
  }
}

/** The error for a buffered chunk whose memory was detached and cannot be re-derived. */
export function detachedChunkError(): ReleasedMemoryError {
  return new ReleasedMemoryError('a buffered chunk was detached (transferred, or its WebAssembly.Memory grew) and cannot be read')
}
