import { Readable } from 'node:stream'
import { isAsyncByteSource, type ByteSource } from '@lightstream/core'
import { describe, expect, it } from 'vitest'

// isAsyncByteSource decides whether a driver may decode synchronously (bytes already in memory never
// pay a microtask) or must `for await`.

function* syncChunks(): Generator<Uint8Array> {
  yield Uint8Array.of(1)
}

async function* asyncChunks(): AsyncGenerator<Uint8Array> {
  yield Uint8Array.of(1)
}

describe('isAsyncByteSource', () => {
  it('is false for sync iterables: arrays, generators, sets', () => {
    const sources: ByteSource[] = [[Uint8Array.of(1)], [], syncChunks(), new Set([Uint8Array.of(2)])]
    for (const source of sources) expect(isAsyncByteSource(source)).toBe(false)
  })

  it('is true for async generators, Node streams and WHATWG streams', () => {
    expect(isAsyncByteSource(asyncChunks())).toBe(true)
    expect(isAsyncByteSource(Readable.from([Uint8Array.of(1)]))).toBe(true)
    const stream = new ReadableStream<Uint8Array>({ start: (c) => c.close() })
    expect(isAsyncByteSource(stream as unknown as AsyncIterable<Uint8Array>)).toBe(true)
  })

  it('is true for a hand-written async iterable and false when the property is not a function', () => {
    const custom: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: undefined }) }),
    }
    expect(isAsyncByteSource(custom)).toBe(true)
    const fake = Object.assign([Uint8Array.of(1)], { [Symbol.asyncIterator]: 'nope' })
    expect(isAsyncByteSource(fake as unknown as ByteSource)).toBe(false)
  })

  it('prefers async when a source is both (the driver must not miss awaited chunks)', () => {
    const both = Object.assign([Uint8Array.of(1)], { [Symbol.asyncIterator]: asyncChunks })
    expect(isAsyncByteSource(both)).toBe(true)
  })

  it('narrows the type so both kinds can be consumed', async () => {
    const collect = async (source: ByteSource): Promise<number[]> => {
      const out: number[] = []
      if (isAsyncByteSource(source)) for await (const c of source) out.push(...c)
      else for (const c of source) out.push(...c)
      return out
    }
    expect(await collect([Uint8Array.of(1, 2), Uint8Array.of(3)])).toEqual([1, 2, 3])
    expect(await collect(asyncChunks())).toEqual([1])
  })
})
