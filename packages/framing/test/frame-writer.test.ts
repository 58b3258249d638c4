import { AbortError, InvalidArgumentError, SinkClosedError, type ByteSink, type FrameEncoder } from '@lightstream/core'
import { FrameWriter, LengthPrefixedDecoder, LengthPrefixedEncoder, createMemorySink, decodeFrames, writeFrames } from '@lightstream/framing'
import { describe, expect, it } from 'vitest'
import { ticks, track } from './helpers'

/**
 * A sink that takes a macrotask per call (like a socket whose buffer is full) and records how many calls
 * and parts are in flight at once. With `vectored`, it has writev.
 */
function slowSink(vectored: boolean) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0, bytes: [] as number[], closed: false, aborted: undefined as unknown }
  const accept = (parts: readonly Uint8Array[]): Promise<void> => {
    stats.calls++
    stats.inFlight += parts.length
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    const copies = parts.map((part) => part.slice())
    return new Promise((resolve) =>
      setImmediate(() => {
        stats.inFlight -= parts.length
        for (const copy of copies) stats.bytes.push(...copy)
        resolve()
      }),
    )
  }
  const sink: ByteSink = {
    write: (chunk) => accept([chunk]),
    close: () => {
      stats.closed = true
    },
    abort: (reason) => {
      stats.aborted = reason ?? 'aborted'
    },
  }
  if (vectored) sink.writev = (chunks) => accept(chunks)
  return { sink, stats }
}

/** A sink whose every write waits until the test releases it. */
function gatedSink() {
  const gates: (() => void)[] = []
  const written: number[][] = []
  const sink: ByteSink = {
    write: (chunk) => {
      written.push([...chunk])
      return new Promise<void>((resolve) => gates.push(resolve))
    },
    close: () => undefined,
    abort: () => undefined,
  }
  return { sink, gates, written }
}

const encoder = new LengthPrefixedEncoder({ width: 2 })
const frame = (i: number): Uint8Array => Uint8Array.of(i & 0xff, (i >> 8) & 0xff, 7)

describe('FrameWriter backpressure', () => {
  for (const vectored of [true, false]) {
    it(`a slow ${vectored ? 'writev' : 'write'} sink paces a producer of 3000 frames`, async () => {
      const { sink, stats } = slowSink(vectored)
      let produced = 0
      let maxAhead = 0
      const writer = new FrameWriter(sink, encoder)
      async function* producer(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < 3000; i++) {
          produced++
          maxAhead = Math.max(maxAhead, produced - writer.frames)
          yield frame(i)
        }
      }
      for await (const f of producer()) await writer.write(f)
      await writer.close()
      // The producer is never more than the frame being written ahead of the sink...
      expect(maxAhead).toBe(1)
      // ...and the sink never holds more than one frame's parts (prefix + payload) at a time.
      expect(stats.maxInFlight).toBe(vectored ? 2 : 1)
      expect(stats.calls).toBe(vectored ? 3000 : 6000)
      expect(writer.frames).toBe(3000)
      expect(writer.position).toBe(3000 * 5)
      const frames = [...decodeFrames(Uint8Array.from(stats.bytes), new LengthPrefixedDecoder({ width: 2 }))]
      expect(frames).toHaveLength(3000)
      expect(frames[2999]).toEqual(frame(2999))
      expect(stats.closed).toBe(true)
    })
  }

  it('writeFrames pulls the next frame only after the sink accepted the previous one', async () => {
    const { sink, stats } = slowSink(true)
    let pulled = 0
    let accepted = 0
    let maxAhead = 0
    const counting: ByteSink = {
      ...sink,
      writev: async (chunks) => {
        await sink.writev!(chunks)
        accepted++
      },
    }
    function* frames(): Generator<Uint8Array> {
      for (let i = 0; i < 2000; i++) {
        pulled++
        maxAhead = Math.max(maxAhead, pulled - accepted)
        yield frame(i)
      }
    }
    expect(await writeFrames(frames(), encoder, counting)).toEqual({ frames: 2000, bytes: 10000 })
    expect(maxAhead).toBe(1)
    expect(stats.maxInFlight).toBe(2)
  })

  it('write resolves only after the sink resolved, part by part', async () => {
    const { sink, gates, written } = gatedSink()
    const writer = new FrameWriter(sink, encoder)
    const pending = track(writer.write(Uint8Array.of(9, 9)))
    await ticks()
    expect(written).toEqual([[0, 2]])
    expect(pending.settled()).toBe(false)
    gates.shift()!()
    await ticks()
    expect(written).toEqual([[0, 2], [9, 9]])
    expect(pending.settled()).toBe(false)
    expect(writer.position).toBe(2)
    gates.shift()!()
    await pending.promise
    expect(writer.position).toBe(4)
    expect(writer.frames).toBe(1)
  })

  it('queues writes made without awaiting and sends them in order, never interleaved', async () => {
    const { sink, stats } = slowSink(false)
    const writer = new FrameWriter(sink, encoder)
    const writes = Array.from({ length: 50 }, (_, i) => writer.write(frame(i)))
    writes.push(writer.close())
    await Promise.all(writes)
    expect(stats.maxInFlight).toBe(1)
    const frames = [...decodeFrames(Uint8Array.from(stats.bytes), new LengthPrefixedDecoder({ width: 2 }))]
    expect(frames).toEqual(Array.from({ length: 50 }, (_, i) => frame(i)))
  })
})

describe('FrameWriter lifecycle and errors', () => {
  const trailer: FrameEncoder<Uint8Array> = {
    encode: (f, position) => [Uint8Array.of(position), f],
    finish: (position) => [Uint8Array.of(0xee, position)],
  }

  it('close writes the trailer at the right position, then closes the sink; close is idempotent', async () => {
    const sink = createMemorySink()
    const writer = new FrameWriter(sink, trailer)
    await writer.write(Uint8Array.of(1, 1))
    await writer.write(Uint8Array.of(2))
    const closing = writer.close()
    expect(writer.close()).toBe(closing)
    await closing
    expect([...sink.bytes()]).toEqual([0, 1, 1, 3, 2, 0xee, 5])
    expect(sink.closed).toBe(true)
    expect(writer.position).toBe(7)
  })

  it('writing after close → SinkClosedError', async () => {
    const writer = new FrameWriter(createMemorySink(), encoder)
    const closing = writer.close()
    await expect(writer.write(Uint8Array.of(1))).rejects.toBeInstanceOf(SinkClosedError)
    await closing
    await expect(writer.write(Uint8Array.of(1))).rejects.toThrow(/closed/)
  })

  it('abort aborts the sink; later writes and close → SinkClosedError with the reason', async () => {
    const sink = createMemorySink()
    const writer = new FrameWriter(sink, encoder)
    await writer.write(Uint8Array.of(1))
    await writer.abort('changed my mind')
    expect(sink.aborted).toBe(true)
    expect(sink.abortReason).toBe('changed my mind')
    const error = await writer.write(Uint8Array.of(2)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SinkClosedError)
    expect((error as SinkClosedError).cause).toBe('changed my mind')
    await expect(writer.close()).rejects.toBeInstanceOf(SinkClosedError)
    await writer.abort('again') // no-op
    expect(sink.abortReason).toBe('changed my mind')
  })

  it('abort releases a write stuck on a sink that never answers', async () => {
    const { sink } = gatedSink()
    const writer = new FrameWriter(sink, encoder)
    const pending = writer.write(Uint8Array.of(1)).catch((e: unknown) => e)
    await ticks()
    await writer.abort('bye')
    expect(await pending).toBeInstanceOf(SinkClosedError)
  })

  for (const [name, failing] of [
    ['rejects', () => Promise.reject(new Error('disk full'))],
    ['throws', () => {
      throw new Error('disk full')
    }],
  ] as const) {
    it(`a sink write that ${name} → SinkClosedError with the cause; the writer aborts the sink`, async () => {
      let aborted: unknown
      let calls = 0
      const sink: ByteSink = {
        write: () => {
          calls++
          return calls === 3 ? failing() : undefined
        },
        close: () => undefined,
        abort: (reason) => {
          aborted = reason
        },
      }
      const writer = new FrameWriter(sink, encoder)
      await writer.write(Uint8Array.of(1))
      const error = await writer.write(Uint8Array.of(2)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SinkClosedError)
      expect(((error as SinkClosedError).cause as Error).message).toBe('disk full')
      expect((aborted as Error).message).toBe('disk full')
      expect(writer.frames).toBe(1)
      await expect(writer.write(Uint8Array.of(3))).rejects.toBeInstanceOf(SinkClosedError)
      await expect(writer.close()).rejects.toBeInstanceOf(SinkClosedError)
      expect(calls).toBe(3)
    })
  }

  it('a sink close that fails → SinkClosedError', async () => {
    const sink: ByteSink = { write: () => undefined, close: () => Promise.reject(new Error('flush failed')), abort: () => undefined }
    const error = await new FrameWriter(sink, encoder).close().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SinkClosedError)
    expect(((error as SinkClosedError).cause as Error).message).toBe('flush failed')
  })

  it('an encoder error rejects that write only; the writer stays usable', async () => {
    const sink = createMemorySink()
    const writer = new FrameWriter(sink, new LengthPrefixedEncoder({ width: 1 }))
    await expect(writer.write(new Uint8Array(300))).rejects.toThrow(/above the limit/)
    await writer.write(Uint8Array.of(4))
    await writer.close()
    expect([...sink.bytes()]).toEqual([1, 4])
  })

  it('a signal abort rejects the pending write with AbortError and aborts the sink', async () => {
    const { sink } = gatedSink()
    let aborted: unknown
    sink.abort = (reason) => {
      aborted = reason
    }
    const controller = new AbortController()
    const writer = new FrameWriter(sink, encoder, { signal: controller.signal })
    const pending = writer.write(Uint8Array.of(1)).catch((e: unknown) => e)
    await ticks()
    controller.abort('shutdown')
    const error = await pending
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('shutdown')
    expect(aborted).toBe('shutdown')
    await expect(writer.write(Uint8Array.of(2))).rejects.toBeInstanceOf(AbortError)
  })

  it('an already aborted signal refuses every write', async () => {
    const sink = createMemorySink()
    const writer = new FrameWriter(sink, encoder, { signal: AbortSignal.abort('early') })
    await expect(writer.write(Uint8Array.of(1))).rejects.toBeInstanceOf(AbortError)
    expect(sink.aborted).toBe(true)
    expect(sink.chunks).toEqual([])
  })

  it('rejects bad arguments with InvalidArgumentError', () => {
    expect(() => new FrameWriter({} as ByteSink, encoder)).toThrow(InvalidArgumentError)
    expect(() => new FrameWriter(createMemorySink(), {} as FrameEncoder<Uint8Array>)).toThrow(InvalidArgumentError)
    expect(() => new FrameWriter(createMemorySink(), encoder, { signal: 'no' as unknown as AbortSignal })).toThrow(InvalidArgumentError)
  })
})

describe('writeFrames', () => {
  it('writes sync and async frames, the trailer, and closes; reports frames and bytes', async () => {
    const sink = createMemorySink()
    expect(await writeFrames([Uint8Array.of(1), Uint8Array.of(2, 3)], new LengthPrefixedEncoder({ width: 1 }), sink)).toEqual({ frames: 2, bytes: 5 })
    expect([...sink.bytes()]).toEqual([1, 1, 2, 2, 3])
    expect(sink.closed).toBe(true)
    async function* frames(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.of(5)
    }
    const second = createMemorySink()
    expect(await writeFrames(frames(), new LengthPrefixedEncoder({ width: 'varint' }), second)).toEqual({ frames: 1, bytes: 2 })
  })

  it('close: false writes the trailer but leaves the sink open', async () => {
    const sink = createMemorySink()
    const withTrailer: FrameEncoder<Uint8Array> = { encode: (f) => [f], finish: () => [Uint8Array.of(0)] }
    expect(await writeFrames([Uint8Array.of(7)], withTrailer, sink, { close: false })).toEqual({ frames: 1, bytes: 2 })
    expect(sink.closed).toBe(false)
    sink.write(Uint8Array.of(8))
    expect([...sink.bytes()]).toEqual([7, 0, 8])
  })

  it('an error from the frames aborts the sink and is rethrown', async () => {
    const sink = createMemorySink()
    const boom = new Error('producer failed')
    function* frames(): Generator<Uint8Array> {
      yield Uint8Array.of(1)
      throw boom
    }
    await expect(writeFrames(frames(), encoder, sink)).rejects.toBe(boom)
    expect(sink.aborted).toBe(true)
    expect(sink.abortReason).toBe(boom)
    expect(sink.closed).toBe(false)
  })

  it('a sink failure surfaces as SinkClosedError', async () => {
    const sink: ByteSink = { write: () => Promise.reject(new Error('EPIPE')), close: () => undefined, abort: () => undefined }
    const error = await writeFrames([Uint8Array.of(1)], encoder, sink).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SinkClosedError)
    expect(((error as SinkClosedError).cause as Error).message).toBe('EPIPE')
  })

  it('a signal aborts between frames with AbortError', async () => {
    const controller = new AbortController()
    const sink = createMemorySink()
    async function* frames(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.of(1)
      controller.abort('stop')
      yield Uint8Array.of(2)
    }
    const error = await writeFrames(frames(), encoder, sink, { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('stop')
    expect(sink.aborted).toBe(true)
    expect([...sink.bytes()]).toEqual([0, 1, 1])
  })

  it('rejects frames that are not iterable with InvalidArgumentError', async () => {
    await expect(writeFrames(5 as unknown as Uint8Array[], encoder, createMemorySink())).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})
