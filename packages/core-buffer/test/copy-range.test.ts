import { copyRange } from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

describe('copyRange', () => {
  it('copies a range of a chunk list read as one sequence', () => {
    const out = new Uint8Array(3)
    copyRange([Uint8Array.of(1, 2), Uint8Array.of(3, 4)], 0, 0, 1, out)
    expect([...out]).toEqual([2, 3, 4])
    // From chunk 1, byte 1 on: the sequence is 6, 7, 8, 9.
    const tail = new Uint8Array(2)
    copyRange([Uint8Array.of(1), Uint8Array.of(5, 6, 7), Uint8Array.of(8, 9)], 1, 1, 1, tail)
    expect([...tail]).toEqual([7, 8])
  })

  it('equals slicing the concatenation, for any chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 8 }), fc.nat(), fc.nat(), (chunks, a, b) => {
        const all = Uint8Array.from(chunks.flatMap((c) => [...c]))
        const start = all.length === 0 ? 0 : a % (all.length + 1)
        const n = b % (all.length - start + 1)
        const out = new Uint8Array(n)
        copyRange(chunks, 0, 0, start, out)
        expect([...out]).toEqual([...all.subarray(start, start + n)])
      }),
      { seed: 5, numRuns: 200 },
    )
  })
})
