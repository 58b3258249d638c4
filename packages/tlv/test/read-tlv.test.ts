import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AbortError, FrameTooLargeError, InvalidArgumentError, TruncatedInputError, type Allocator } from '@lightstream/core'
import { decodeTlv, encodeTlv, readTlv, type TlvFrame } from '@lightstream/tlv'
import { LAYOUTS, arbFrames, ascii, collect, cut, layoutName, plain, slowly } from './support'

const hello: TlvFrame[] = [
  { tag: 1, payload: ascii('hello') },
  { tag: 2, payload: new Uint8Array(0) },
  { tag: 255, payload: ascii('world!') },
]
const helloBytes = encodeTlv(hello)

describe('readTlv', () => {
  it('sync sources give a Generator (no promises), async sources an AsyncGenerator', async () => {
    const fromArray = readTlv([helloBytes])
    const fromBytes = readTlv(helloBytes)
    const fromAsync = readTlv(slowly([helloBytes]))
    expect(Object.prototype.toString.call(fromArray)).toBe('[object Generator]')
    expect(Object.prototype.toString.call(fromBytes)).toBe('[object Generator]')
    expect(Object.prototype.toString.call(fromAsync)).toBe('[object AsyncGenerator]')
    const first = fromArray.next()
    expect(first).not.toBeInstanceOf(Promise)
    expect(first.value?.tag).toBe(1)
    expect(plain(fromBytes)).toEqual(plain(hello))
    expect(plain(await collect(fromAsync))).toEqual(plain(hello))
  })

  it('takes a bare Uint8Array as one chunk and yields views of it', () => {
    const frames = [...readTlv(helloBytes)]
    expect(frames.map((f) => f.payload.buffer === helloBytes.buffer)).toEqual([true, true, true])
  })

  it('yields views of the chunk for frames inside one chunk, one copy (from the allocator) for spanning ones', () => {
    const allocated: number[] = []
    const allocator: Allocator = {
      alloc(n) {
        allocated.push(n)
        return new Uint8Array(n)
      },
    }
    // Chunk 1 holds frame 1 whole and 3 bytes of frame 2; chunk 2 holds the rest.
    const chunks = cut(helloBytes, [13])
    const frames = [...readTlv(chunks, { allocator })]
    expect(plain(frames)).toEqual(plain(hello))
    expect(frames[0]!.payload.buffer).toBe(chunks[0]!.buffer) // in chunk 1: a view
    expect(frames[2]!.payload.buffer).toBe(chunks[1]!.buffer) // in chunk 2: a view
    // Frame 2 (tag 2, empty) spans the cut: its 5 header bytes were copied once.
    expect(allocated).toEqual([5])
  })

  for (const layout of LAYOUTS) {
    it(`round-trips random frames at random chunkings, sync and async (${layoutName(layout)})`, async () => {
      await fc.assert(
        fc.asyncProperty(arbFrames(layout, 20), fc.array(fc.nat(), { maxLength: 12 }), async (frames, cuts) => {
          const bytes = encodeTlv(frames, layout)
          const chunks = cut(bytes, cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))
          expect(plain(readTlv(chunks, layout))).toEqual(plain(frames))
          expect(plain(await collect(readTlv(slowly(chunks), layout)))).toEqual(plain(frames))
        }),
        { numRuns: 40 },
      )
    })
  }

  it('agrees with decodeTlv on arbitrary bytes at any chunking: same frames, or the same error code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.array(fc.nat(48), { maxLength: 6 }), fc.constantFrom(...LAYOUTS), (bytes, cuts, layout) => {
        const options = { ...layout, maxPayloadLength: 24 }
        const outcome = (run: () => TlvFrame[]): { frames: unknown } | { code: unknown } => {
          try {
            return { frames: plain(run()) }
          } catch (err) {
            return { code: (err as { code?: unknown }).code ?? `raw ${String(err)}` }
          }
        }
        const whole = outcome(() => decodeTlv(bytes, options))
        expect(outcome(() => [...readTlv(cut(bytes, cuts), options)])).toEqual(whole)
        if ('code' in whole) expect(['ERR_TRUNCATED', 'ERR_FRAME_TOO_LARGE']).toContain(whole.code)
      }),
    )
  })

  it('round-trips at 1-byte chunking', async () => {
    const chunks = Array.from(helloBytes, (b) => Uint8Array.of(b))
    expect(plain(readTlv(chunks))).toEqual(plain(hello))
    expect(plain(await collect(readTlv(slowly(chunks))))).toEqual(plain(hello))
  })

  it('raises FrameTooLargeError once the header is read, before the payload is asked for', async () => {
    const header = Uint8Array.of(9, 0, 0, 0, 1) // declares a 16 MiB payload
    let pulledAfterHeader = false
    function* source(): Generator<Uint8Array> {
      for (const b of header) yield Uint8Array.of(b) // even a header in 1-byte chunks
      pulledAfterHeader = true
      yield new Uint8Array(1 << 24)
    }
    expect(() => [...readTlv(source(), { maxPayloadLength: 1 << 20 })]).toThrow(FrameTooLargeError)
    expect(pulledAfterHeader).toBe(false)

    let asyncPulled = false
    async function* asyncSource(): AsyncGenerator<Uint8Array> {
      yield header
      asyncPulled = true
      await new Promise(() => {}) // a payload that never arrives
    }
    await expect(collect(readTlv(asyncSource(), { maxPayloadLength: 1 << 20 }))).rejects.toMatchObject({
      code: 'ERR_FRAME_TOO_LARGE',
      size: 1 << 24,
      limit: 1 << 20,
    })
    expect(asyncPulled).toBe(false)
  })

  it('raises TruncatedInputError at every chunking when the input stops inside a frame', async () => {
    for (const end of [1, 4, 5, 9, helloBytes.length - 1]) {
      const bytes = helloBytes.subarray(0, end)
      for (const size of [1, 2, 3, 7, 64]) {
        const chunks = cut(bytes, Array.from({ length: Math.ceil(end / size) }, (_, i) => i * size))
        expect(() => [...readTlv(chunks)]).toThrow(TruncatedInputError)
        await expect(collect(readTlv(slowly(chunks)))).rejects.toBeInstanceOf(TruncatedInputError)
      }
    }
  })

  it('yields the frames before a truncation, then throws', () => {
    const seen: number[] = []
    expect(() => {
      for (const frame of readTlv([helloBytes.subarray(0, helloBytes.length - 2)])) seen.push(frame.tag)
    }).toThrow(/tag 255: 4 of 6 payload bytes/)
    expect(seen).toEqual([1, 2])
  })

  it('stops with AbortError (cause = reason) when the signal aborts', async () => {
    const controller = new AbortController()
    const reason = new Error('enough')
    async function* source(): AsyncGenerator<Uint8Array> {
      yield helloBytes
      controller.abort(reason)
      yield helloBytes
    }
    const tags: number[] = []
    const error = await (async () => {
      try {
        for await (const frame of readTlv(source(), { signal: controller.signal })) tags.push(frame.tag)
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe(reason)
    expect(tags).toEqual([1, 2, 255])
  })

  it('checks options and the source at the call', () => {
    expect(() => readTlv([], { lengthWidth: 3 as never })).toThrow(InvalidArgumentError)
    expect(() => readTlv(null as never)).toThrow(InvalidArgumentError)
    expect(() => readTlv(42 as never)).toThrow(InvalidArgumentError)
  })

  it('applies the layout options', () => {
    const layout = { tagWidth: 2, lengthWidth: 8 } as const
    const bytes = encodeTlv({ tag: 0x1234, payload: ascii('x') }, layout)
    expect(plain(readTlv(cut(bytes, [3, 9]), layout))).toEqual([{ tag: 0x1234, payload: [0x78] }])
  })
})
