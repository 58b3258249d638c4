import { expect, it } from 'vitest'
import { decodeTlv, encodeTlv, readTlv } from '@lightstream/tlv'

// The @example of src/index.ts, run as written (console.log replaced by collecting).
it('runs the package documentation example', () => {
  const text = new TextEncoder()
  const bytes = encodeTlv([
    { tag: 1, payload: text.encode('hello') },
    { tag: 2, payload: Uint8Array.of(0xca, 0xfe) },
  ])
  expect(Array.from(bytes)).toEqual([1, 5, 0, 0, 0, ...text.encode('hello'), 2, 2, 0, 0, 0, 0xca, 0xfe])
  expect(decodeTlv(bytes).map((f) => f.tag)).toEqual([1, 2])
  expect(decodeTlv(bytes).every((f) => f.payload.buffer === bytes.buffer)).toBe(true)

  const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 6), bytes.subarray(6)]
  const logged: Array<[number, number]> = []
  for (const { tag, payload } of readTlv(chunks)) logged.push([tag, payload.length])
  expect(logged).toEqual([
    [1, 5],
    [2, 2],
  ])
})
