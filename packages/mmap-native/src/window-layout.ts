import { constants as bufferConstants } from 'node:buffer'
import { InvalidArgumentError } from '@lightstream/core'

const GiB = 1024 * 1024 * 1024

/**
 * The most bytes one ArrayBuffer may hold in this runtime: 4 GiB on Node 20 (`buffer.constants.MAX_LENGTH`),
 * 2^53 − 1 on Node 22+ (64-bit).
 */
export const MAX_WINDOW_SIZE: number = bufferConstants.MAX_LENGTH

/**
 * The default window: 2 GiB where one ArrayBuffer is limited to 4 GiB (Node 20), 64 GiB where it is not
 * (Node 22+). Files up to this size are one mapping and one `Uint8Array`.
 */
export const DEFAULT_WINDOW_SIZE: number = MAX_WINDOW_SIZE > 8 * GiB ? 64 * GiB : 2 * GiB

/**
 * How the file is cut into mappings: window `k` covers `[k * step, k * step + windowSize)` (the last one ends
 * at the file's end), so consecutive windows share `overlap = windowSize - step` bytes and any range of at most
 * `overlap` bytes lies inside one window.
 * @internal
 */
export interface WindowPlan {
  readonly windowSize: number
  readonly overlap: number
  readonly step: number
  /** `[offset, length]` of every window, in file order. */
  readonly windows: readonly (readonly [offset: number, length: number])[]
}

/**
 * Check the window options against the page size and the runtime's ArrayBuffer limit.
 * @throws InvalidArgumentError for a size that is not a positive multiple of the page size or is over
 * MAX_WINDOW_SIZE, or an overlap that is negative, not a page multiple, or not below the window size.
 * @internal
 */
export function checkWindowOptions(windowSize: number, overlap: number, pageSize: number): void {
  if (!Number.isSafeInteger(windowSize) || windowSize < pageSize || windowSize % pageSize !== 0 || windowSize > MAX_WINDOW_SIZE) {
    throw new InvalidArgumentError(`windowSize must be a multiple of the page size (${pageSize}) between ${pageSize} and ${MAX_WINDOW_SIZE}, got ${String(windowSize)}`)
  }
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap % pageSize !== 0 || overlap >= windowSize) {
    throw new InvalidArgumentError(`windowOverlap must be a multiple of the page size (${pageSize}) below windowSize (${windowSize}), got ${String(overlap)}`)
  }
}

/**
 * Cut `byteLength` bytes into windows. A file that fits one window is one window at offset 0.
 * @internal
 */
export function planWindows(byteLength: number, windowSize: number, overlap: number): WindowPlan {
  const step = windowSize - overlap
  const windows: [number, number][] = []
  if (byteLength > 0) {
    for (let offset = 0; ; offset += step) {
      const length = Math.min(windowSize, byteLength - offset)
      windows.push([offset, length])
      if (offset + length >= byteLength) break
    }
  }
  return { windowSize, overlap, step, windows }
}

/**
 * The window holding all of `[offset, offset + length)`, or -1 when the range crosses a window edge (longer
 * than the overlap at that spot). The range must be inside the file. O(1).
 * @internal
 */
export function windowFor(plan: WindowPlan, offset: number, length: number): number {
  const last = plan.windows.length - 1
  if (last <= 0) return last
  // The last window starting at or before `offset` leaves the most room after it.
  const k = Math.min(Math.floor(offset / plan.step), last)
  const [start, size] = plan.windows[k]!
  return offset + length <= start + size ? k : -1
}

/**
 * The windows that together hold `[offset, offset + length)`, with the part each contributes, in order:
 * `[window, startInWindow, bytes]`. Used to assemble a copy of a range that crosses window edges.
 * @internal
 */
export function windowPieces(plan: WindowPlan, offset: number, length: number): [index: number, start: number, length: number][] {
  const pieces: [number, number, number][] = []
  const last = plan.windows.length - 1
  let at = offset
  const end = offset + length
  while (at < end) {
    const k = Math.min(Math.floor(at / plan.step), last)
    const [start, size] = plan.windows[k]!
    const take = Math.min(end, start + size) - at
    pieces.push([k, at - start, take])
    at += take
  }
  return pieces
}

/**
 * The windows that overlap `[offset, offset + length)`, with the subrange of each: for advice and syncing.
 * @internal
 */
export function windowsTouching(plan: WindowPlan, offset: number, length: number): [index: number, start: number, length: number][] {
  const touched: [number, number, number][] = []
  const end = offset + length
  plan.windows.forEach(([start, size], k) => {
    const from = Math.max(offset, start)
    const to = Math.min(end, start + size)
    if (from < to) touched.push([k, from - start, to - from])
  })
  return touched
}
