import { AbortError, InvalidArgumentError, TruncatedInputError } from '@lightstream/core'
import {
  LengthPrefixedDecoder,
  LengthPrefixedEncoder,
  concatParts,
  decodeFrames,
  decodeFramesAsync,
  decodeFramesSync,
  encodeFrames,
} from '@lightstream/framing'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { newlineDecoder, slowly, ticks, track } from './helpers'

const text = new TextEncoder()
const payloads = [text.encode('one'), text.encode('two'), new Uint8Array(0), text.encode('four')]
const input = concatParts([...encodeFrames(payloads, new LengthPrefixedEncoder({ width: 2 }))])
const decoder = () => new LengthPrefixedDecoder({ width: 2 })

async function collect<F>(frames: AsyncIterable<F>): Promise<F[]> {
  const out: F[] = []
  for await (const frame of frames) out.push(frame)
  return out
}

describe('decodeFrames: sync stays sync', () => {
  it('has types that keep sync sources sync (checked by tsc)', () => {
    const d = decoder()
    expectTypeOf(decodeFrames(input, d)).toEqualTypeOf<Generator<Uint8Array, void, undefined>>()
    expectTypeOf(decodeFrames([input], d)).toEqualTypeOf<Generator<Uint8Array, void, undefined>>()
    expectTypeOf(decodeFrames(slowly([input]), d)).toEqualTypeOf<AsyncGenerator<Uint8Array, void, undefined>>()
    const either = [input] as Iterable<Uint8Array> | AsyncIterable<Uint8Array>
    expectTypeOf(decodeFrames(either, d)).toEqualTypeOf<Generator<Uint8Array, void, undefined> | AsyncGenerator<Uint8Array, void, undefined>>()
    expect(Array.isArray([...decodeFrames(either as Iterable<Uint8Array>, d)])).toBe(true)
  })

  it('returns a Generator, not a promise, for an Iterable source', () => {
    const frames = decodeFrames([input.subarray(0, 3), input.subarray(3)], decoder())
    expect(typeof (frames as Generator<Uint8Array>)[Symbol.iterator]).toBe('function')
    expect(Symbol.asyncIterator in frames).toBe(false)
    const first = frames.next()
    expect(first).not.toBeInstanceOf(Promise)
    expect(first).toEqual({ done: false, value: payloads[0] })
    expect([...frames]).toEqual(payloads.slice(1))
  })

  it('treats a bare Uint8Array as one chunk (not as numbers)', () => {
    const frames = decodeFrames(input, decoder())
    expect(Symbol.asyncIterator in frames).toBe(false)
    const list = [...frames]
    expect(list).toEqual(payloads)
    expect(list[0]!.buffer).toBe(input.buffer)
  })

  it('decodes from a generator of chunks and shrugs off empty chunks', () => {
    function* chunks(): Generator<Uint8Array> {
      yield new Uint8Array(0)
      for (let i = 0; i < input.length; i++) {
        yield input.subarray(i, i + 1)
        yield new Uint8Array(0)
      }
    }
    expect([...decodeFramesSync(chunks(), decoder())]).toEqual(payloads)
  })

  it('yields each frame as soon as its chunk arrives (lazy over the source)', () => {
    const pulled: number[] = []
    function* chunks(): Generator<Uint8Array> {
      pulled.push(0)
      yield input.subarray(0, 5)
      pulled.push(1)
      yield input.subarray(5)
    }
    const frames = decodeFramesSync(chunks(), decoder())
    expect(frames.next().value).toEqual(payloads[0])
    expect(pulled).toEqual([0])
  })

  it('throws TruncatedInputError at the end of a truncated sync source', () => {
    expect(() => [...decodeFrames([input.subarray(0, input.length - 1)], decoder())]).toThrow(TruncatedInputError)
  })

  it('throws AbortError with the cause for an aborted signal, when iteration starts', () => {
    const controller = new AbortController()
    controller.abort('stop')
    const frames = decodeFrames([input], decoder(), { signal: controller.signal })
    let error: unknown
    try {
      frames.next()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('stop')
  })

  it('checks the signal between chunks of a sync source', () => {
    const controller = new AbortController()
    const frames = decodeFramesSync([input.subarray(0, 5), input.subarray(5)], decoder(), { signal: controller.signal })
    expect(frames.next().value).toEqual(payloads[0])
    controller.abort(new Error('enough'))
    expect(() => frames.next()).toThrow(AbortError)
  })

  it('rejects what is not a byte source, at call time', () => {
    expect(() => decodeFrames(42 as unknown as Uint8Array, decoder())).toThrow(InvalidArgumentError)
    expect(() => decodeFramesSync('abc' as unknown as Uint8Array, decoder())).toThrow(InvalidArgumentError)
    expect(() => decodeFramesAsync(null as unknown as Uint8Array, decoder())).toThrow(InvalidArgumentError)
    expect(() => decodeFrames([input], decoder(), { signal: {} as AbortSignal })).toThrow(InvalidArgumentError)
    expect(() => [...decodeFrames([[1, 2] as unknown as Uint8Array], decoder())]).toThrow(InvalidArgumentError)
  })

  it('finishes an unterminated last line through decoder.finish', () => {
    const lines = [...decodeFrames([text.encode('a\nbb'), text.encode('b\ncc')], newlineDecoder())]
    expect(lines.map((line) => new TextDecoder().decode(line))).toEqual(['a', 'bbb', 'cc'])
  })
})

describe('decodeFrames: async sources', () => {
  it('returns an AsyncGenerator for an AsyncIterable and decodes across chunks', async () => {
    const frames = decodeFrames(slowly([input.subarray(0, 1), input.subarray(1, 9), input.subarray(9)]), decoder())
    expect(typeof frames[Symbol.asyncIterator]).toBe('function')
    expect(await collect(frames)).toEqual(payloads)
  })

  it('decodeFramesAsync also accepts a sync source', async () => {
    expect(await collect(decodeFramesAsync([input], decoder()))).toEqual(payloads)
    expect(await collect(decodeFramesAsync(input, decoder()))).toEqual(payloads)
  })

  it('yields every buffered frame before reading the next chunk', async () => {
    let reads = 0
    async function* source(): AsyncGenerator<Uint8Array> {
      reads++
      yield input
      reads++
    }
    const seen: number[] = []
    for await (const frame of decodeFramesAsync(source(), decoder())) {
      seen.push(frame.length)
      expect(reads).toBe(1)
    }
    expect(seen).toEqual([3, 3, 0, 4])
    expect(reads).toBe(2)
  })

  it('rejects with AbortError when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort('early')
    const error = await collect(decodeFrames(slowly([input]), decoder(), { signal: controller.signal })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('early')
  })

  it('stops between chunks when the signal aborts', async () => {
    const controller = new AbortController()
    const seen: Uint8Array[] = []
    const run = async (): Promise<void> => {
      for await (const frame of decodeFrames(slowly([input.subarray(0, 5), input.subarray(5)]), decoder(), { signal: controller.signal })) {
        seen.push(frame)
        controller.abort('user')
      }
    }
    const error = await run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('user')
    expect(seen).toEqual([payloads[0]])
  })

  it('stops waiting for a source that never answers, and asks it to return', async () => {
    let returned = false
    const hung: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: () => {
          returned = true
          return Promise.resolve({ done: true, value: undefined })
        },
      }),
    }
    const controller = new AbortController()
    const pending = track(collect(decodeFrames(hung, decoder(), { signal: controller.signal })))
    await ticks()
    expect(pending.settled()).toBe(false)
    const reason = new Error('timeout')
    controller.abort(reason)
    const error = await pending.promise.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe(reason)
    expect(returned).toBe(true)
  })

  it('closes the source when the consumer stops early', async () => {
    let closed = false
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield input
        yield input
      } finally {
        closed = true
      }
    }
    for await (const frame of decodeFrames(source(), decoder())) {
      expect(frame).toEqual(payloads[0])
      break
    }
    expect(closed).toBe(true)
  })

  it('closes the source when the decoder fails, and surfaces the decoder error', async () => {
    let closed = false
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield Uint8Array.of(0xff, 0xff)
        yield input
      } finally {
        closed = true
      }
    }
    const error = await collect(decodeFrames(source(), new LengthPrefixedDecoder({ width: 2, maxFrameLength: 10 }))).catch((e: unknown) => e)
    expect((error as { code?: string }).code).toBe('ERR_FRAME_TOO_LARGE')
    expect(closed).toBe(true)
  })

  it('passes a source error through', async () => {
    const boom = new Error('socket reset')
    async function* source(): AsyncGenerator<Uint8Array> {
      yield input.subarray(0, 3)
      throw boom
    }
    await expect(collect(decodeFrames(source(), decoder()))).rejects.toBe(boom)
  })

  it('throws TruncatedInputError at the end of a truncated async source', async () => {
    await expect(collect(decodeFrames(slowly([input.subarray(0, 4)]), decoder()))).rejects.toBeInstanceOf(TruncatedInputError)
  })
})
