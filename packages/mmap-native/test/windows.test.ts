import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { DEFAULT_WINDOW_SIZE, mapFile, MAX_WINDOW_SIZE } from '@lightstream/mmap-native'
import { describe, expect, it } from 'vitest'
import { planWindows, windowFor, windowPieces, windowsTouching } from '../src/window-layout'
import { suiteDir } from './helpers'

const MiB = 1024 * 1024
const GiB = 1024 * MiB

describe('the window plan', () => {
  it('defaults to 2 GiB windows where an ArrayBuffer is limited to 4 GiB (Node 20)', () => {
    if (MAX_WINDOW_SIZE <= 4 * GiB) expect(DEFAULT_WINDOW_SIZE).toBe(2 * GiB)
    else expect(DEFAULT_WINDOW_SIZE).toBe(64 * GiB)
  })

  it('a file that fits is one window; a larger one is cut into overlapping windows ending at the file end', () => {
    expect(planWindows(100, 4096, 0).windows).toEqual([[0, 100]])
    expect(planWindows(0, 4096, 0).windows).toEqual([])
    expect(planWindows(10_000, 4096, 1024).windows).toEqual([[0, 4096], [3072, 4096], [6144, 3856]])
  })

  it('any range up to the overlap is inside one window; pieces cover every range exactly (property)', () => {
    const page = 64
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }), // window size in pages
        fc.integer({ min: 0, max: 63 }), // overlap in pages
        fc.integer({ min: 1, max: 20_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pages, overlapPages, size, a, b) => {
          const windowSize = pages * page
          const overlap = Math.min(overlapPages, pages - 1) * page
          const plan = planWindows(size, windowSize, overlap)
          const offset = Math.floor(a * (size - 1))
          const length = 1 + Math.floor(b * (size - offset - 1))
          for (const [start, n] of plan.windows) {
            expect(start % page).toBe(0)
            expect(n).toBeGreaterThan(0)
            expect(n).toBeLessThanOrEqual(windowSize)
          }
          expect(plan.windows.at(-1)![0] + plan.windows.at(-1)![1]).toBe(size)
          const k = windowFor(plan, offset, length)
          if (length <= overlap || plan.windows.length === 1) expect(k).toBeGreaterThanOrEqual(0)
          if (k >= 0) {
            const [start, n] = plan.windows[k]!
            expect(offset).toBeGreaterThanOrEqual(start)
            expect(offset + length).toBeLessThanOrEqual(start + n)
          }
          let at = offset
          for (const [w, start, n] of windowPieces(plan, offset, length)) {
            expect(plan.windows[w]![0] + start).toBe(at)
            expect(start + n).toBeLessThanOrEqual(plan.windows[w]![1])
            at += n
          }
          expect(at).toBe(offset + length)
          const touched = windowsTouching(plan, offset, length)
          expect(touched.length).toBeGreaterThan(0)
        },
      ),
      { numRuns: 250 },
    )
  })
})

describe('a sparse file larger than 4 GiB (past the largest ArrayBuffer of Node 20)', () => {
  const dir = suiteDir('windows')
  const path = join(dir, 'sparse.bin')
  const size = 4 * GiB + 8 * MiB
  const markers: [number, Uint8Array][] = [
    [0, Uint8Array.of(1, 2, 3, 4)],
    [2 * GiB - 4, Uint8Array.of(5, 6, 7, 8, 9, 10, 11, 12)],
    [4 * GiB - 8, Uint8Array.of(21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36)], // across 4 GiB
    [size - 4, Uint8Array.of(41, 42, 43, 44)],
    // across the edge between the 64 MiB windows starting at 4020 MiB and 4080 MiB (60 MiB steps, see below)
    [4084 * MiB - 4, Uint8Array.of(51, 52, 53, 54, 55, 56, 57, 58)],
  ]
  const fd = openSync(path, 'w')
  ftruncateSync(fd, size) // sparse: takes no disk space beyond the markers' pages
  for (const [at, bytes] of markers) writeSync(fd, bytes, 0, bytes.length, at)
  closeSync(fd)

  it('maps in default windows; a range across the 4 GiB mark is one view', () => {
    const file = mapFile(path, { windowSize: 2 * GiB })
    try {
      expect(file.mode).toBe('mmap')
      expect(file.byteLength).toBe(size)
      expect(file.bytes).toBeUndefined()
      expect(file.windows.map((w) => [w.offset, w.byteLength])).toEqual([
        [0, 2 * GiB], [1 * GiB, 2 * GiB], [2 * GiB, 2 * GiB], [3 * GiB, 1 * GiB + 8 * MiB],
      ])
      for (const [at, bytes] of markers) expect(file.read(at, bytes.length)).toEqual(bytes)
      const across = file.read(4 * GiB - 8, 16)
      expect(across.buffer.byteLength).toBe(1 * GiB + 8 * MiB) // a view into the last window, not a copy
      expect(file.read(4 * GiB - 16, 8)).toEqual(new Uint8Array(8)) // the hole reads as zeros
      expect(file.stats.copies).toBe(0)
      expect(file.stats.views).toBe(markers.length + 2)
      file.advise('random', 2 * GiB - 4096, 8192)
    } finally {
      file.close()
    }
  })

  it('with the default window: 2 GiB windows on Node 20, one window (a Uint8Array over 4 GiB) where the runtime allows', () => {
    const file = mapFile(path)
    try {
      if (DEFAULT_WINDOW_SIZE >= size) {
        expect(file.windows.length).toBe(1)
        expect(file.bytes!.length).toBe(size)
        expect(file.bytes![4 * GiB]).toBe(markers[2]![1][8])
      } else {
        expect(file.windows.length).toBe(4)
        expect(file.bytes).toBeUndefined()
      }
      expect(file.read(4 * GiB - 8, 16)).toEqual(markers[2]![1])
      expect(file.stats.copies).toBe(0)
    } finally {
      file.close()
    }
  })

  it('with small windows, a range longer than the overlap across an edge is copied once (counted)', () => {
    const file = mapFile(path, { windowSize: 64 * MiB, windowOverlap: 4 * MiB, advice: 'random' })
    try {
      expect(file.windows.length).toBe(Math.ceil((size - 64 * MiB) / (60 * MiB)) + 1)
      expect(file.read(4 * GiB - 8, 16)).toEqual(markers[2]![1])
      expect(file.stats.copies).toBe(0)
      // [4078 MiB, 4086 MiB) runs past the end of the window [4020 MiB, 4084 MiB) and is longer than the overlap.
      const wide = file.read(4078 * MiB, 8 * MiB)
      expect(file.stats.copies).toBe(1)
      expect(file.stats.copiedBytes).toBe(8 * MiB)
      expect(wide.byteOffset % 64).toBe(0)
      expect(wide.subarray(6 * MiB - 4, 6 * MiB + 4)).toEqual(markers[4]![1])
      // Up to the overlap (4 MiB) across the same edge is still a view.
      expect(file.read(4084 * MiB - 2 * MiB, 4 * MiB).subarray(2 * MiB - 4, 2 * MiB + 4)).toEqual(markers[4]![1])
      expect(file.stats.copies).toBe(1)
      expect(file.read(size - 4, 4)).toEqual(markers[3]![1])
    } finally {
      file.close()
    }
  })

  it('one window can be as large as the runtime allows (4 GiB on Node 20)', () => {
    const windowSize = Math.min(MAX_WINDOW_SIZE, 4 * GiB)
    const file = mapFile(path, { windowSize })
    try {
      expect(file.windows[0]!.byteLength).toBe(windowSize)
      expect(file.windows[0]!.bytes.length).toBe(windowSize)
      expect(file.windows[0]!.bytes[windowSize - 1]).toBe(windowSize === 4 * GiB ? 28 : 0)
      expect(file.read(4 * GiB - 8, 16)).toEqual(markers[2]![1])
    } finally {
      file.close()
    }
  })

  it('read-write across the 4 GiB mark reaches the file', () => {
    const file = mapFile(path, { mode: 'rw', windowSize: 64 * MiB, windowOverlap: 4 * MiB })
    file.write(4 * GiB - 2, Uint8Array.of(99, 98, 97, 96))
    const view = file.read(4 * GiB + 2, 2)
    view.set([95, 94])
    file.flush()
    file.close()
    const check = new Uint8Array(6)
    const rfd = openSync(path, 'r')
    readSync(rfd, check, 0, 6, 4 * GiB - 2)
    closeSync(rfd)
    expect([...check]).toEqual([99, 98, 97, 96, 95, 94])
  })

  it('file reads (the fallback) give the same bytes', () => {
    const file = mapFile(path, { fallback: 'always' })
    expect(file.mode).toBe('read')
    expect(file.read(0, 4)).toEqual(markers[0]![1])
    expect(file.read(size - 4, 4)).toEqual(markers[3]![1])
    expect(file.stats.copies).toBe(2)
    file.close()
  })
})
