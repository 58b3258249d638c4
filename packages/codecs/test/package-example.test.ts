import { defaultCodecs, lz4FrameCodec } from '@lightstream/codecs'
import { expect, it } from 'vitest'

// The @example of src/index.ts, run as written (console.log replaced by assertions).
it('runs the package documentation example', () => {
  const lz4 = lz4FrameCodec()
  const data = new TextEncoder().encode('abc'.repeat(1000))
  const packed = lz4.encode(data)
  const back = lz4.decode(packed, data.length)
  expect(packed.length).toBeLessThan(40)
  expect([packed.length < data.length, back.length]).toEqual([true, 3000])
  expect(back).toEqual(data)
  expect(defaultCodecs().map((c) => c.name)).toEqual(['lz4_frame', 'zstd'])
})
