import { describe, expect, it } from 'vitest'
import { AbortError, FrameTooLargeError, InvalidArgumentError, SinkClosedError, type ByteSink } from '@lightstream/core'
import { createMemorySink } from '@lightstream/framing'
import { TlvWriter, decodeTlv, encodeTlv, writeTlv, type TlvFrame } from '@lightstream/tlv'
import { ascii, plain } from './support'

/**
 * A sink that accepts a write only when the test says so: each write returns a promise that stays pending
 * until `release()` is called, like a socket whose buffer is full.
 */
function gatedSink(options: { writev?: boolean } = {}) {
  const received: Uint8Array[][] = []
  const gates: Array<() => void> = []
  let closed = false
  let abortReason: unknown = 'not aborted'
  const take = (parts: readonly Uint8Array[]): Promise<void> => {
    received.push(parts.map((p) => p.slice()))
    return new Promise<void>((resolve) => gates.push(resolve))
  }
  const sink: ByteSink = {
    write: (chunk) => take([chunk]),
    close: () => {
      closed = true
    },
    abort: (reason) => {
      abortReason = reason
    },
  }
  if (options.writev === true) sink.writev = (chunks) => take(chunks)
  return {
    sink,
    received,
    get pending() {
      return gates.length
    },
    release() {
      gates.shift()?.()
    },
    get closed() {
      return closed
    },
    get abortReason() {
      return abortReason
    },
  }
}

/** Let every queued promise callback run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

describe('TlvWriter', () => {
  it('writes the exact wire bytes, counting frames and bytes', async () => {
    const sink = createMemorySink()
    const writer = new TlvWriter(sink)
    await writer.write(7, ascii('hi'))
    await writer.writeFrame({ tag: 255, payload: new Uint8Array(0) })
    expect(writer.frames).toBe(2)
    expect(writer.position).toBe(12)
    await writer.close()
    expect(Array.from(sink.bytes())).toEqual([7, 2, 0, 0, 0, 0x68, 0x69, 255, 0, 0, 0, 0])
    expect(sink.closed).toBe(true)
  })

  it('hands the sink the header and the payload itself (vectored, no copy)', async () => {
    const seen: Array<readonly Uint8Array[]> = []
    const sink: ByteSink = { write: () => undefined, writev: (parts) => void seen.push(parts), close: () => undefined, abort: () => undefined }
    const payload = ascii('abc')
    await new TlvWriter(sink).write(3, payload)
    expect(seen).toHaveLength(1)
    expect(Array.from(seen[0]![0]!)).toEqual([3, 3, 0, 0, 0])
    expect(seen[0]![1]).toBe(payload)
  })

  it('applies the layout options', async () => {
    const sink = createMemorySink()
    const writer = new TlvWriter(sink, { tagWidth: 2, lengthWidth: 2 })
    await writer.write(0x0102, ascii('z'))
    await writer.close()
    expect(Array.from(sink.bytes())).toEqual([0x02, 0x01, 1, 0, 0x7a])
  })

  it('shows backpressure: a write resolves only when the slow sink accepted it', async () => {
    const gate = gatedSink()
    const writer = new TlvWriter(gate.sink)
    let done = false
    const write = writer.write(1, ascii('data')).then(() => {
      done = true
    })
    await settle()
    // Without writev the header goes first; the payload waits until the sink took the header.
    expect(gate.received.map((p) => p.map((c) => c.length))).toEqual([[5]])
    expect(done).toBe(false)
    gate.release()
    await settle()
    expect(gate.received.map((p) => p.map((c) => c.length))).toEqual([[5], [4]])
    expect(done).toBe(false)
    gate.release()
    await write
    expect(done).toBe(true)
    expect(writer.frames).toBe(1)
  })

  it('a producer awaiting writes never runs ahead of a slow sink', async () => {
    const gate = gatedSink({ writev: true })
    let produced = 0
    function* frames(): Generator<TlvFrame> {
      for (let i = 0; i < 20; i++) {
        produced++
        yield { tag: i, payload: Uint8Array.of(i) }
      }
    }
    const result = writeTlv(frames(), gate.sink)
    for (let released = 0; released < 20; released++) {
      await settle()
      expect(produced).toBe(released + 1) // one frame in flight, the next not even generated
      expect(gate.pending).toBe(1)
      gate.release()
    }
    expect(await result).toEqual({ frames: 20, bytes: 20 * 6 })
    expect(gate.closed).toBe(true)
  })

  it('rejects a bad frame without writing anything and stays usable', async () => {
    const sink = createMemorySink()
    const writer = new TlvWriter(sink)
    await expect(writer.write(256, new Uint8Array(0))).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(writer.write(1, 'text' as never)).rejects.toBeInstanceOf(InvalidArgumentError)
    const small = new TlvWriter(createMemorySink(), { maxPayloadLength: 2 })
    await expect(small.write(1, new Uint8Array(3))).rejects.toBeInstanceOf(FrameTooLargeError)
    await writer.write(1, Uint8Array.of(5))
    expect(Array.from(sink.bytes())).toEqual([1, 1, 0, 0, 0, 5])
  })

  it('refuses writes after close or abort with SinkClosedError; abort reaches the sink', async () => {
    const closedWriter = new TlvWriter(createMemorySink())
    await closedWriter.close()
    await expect(closedWriter.write(1, new Uint8Array(0))).rejects.toBeInstanceOf(SinkClosedError)

    const sink = createMemorySink()
    const writer = new TlvWriter(sink)
    const reason = new Error('stop')
    await writer.abort(reason)
    expect(sink.aborted).toBe(true)
    expect(sink.abortReason).toBe(reason)
    await expect(writer.writeFrame({ tag: 1, payload: new Uint8Array(0) })).rejects.toBeInstanceOf(SinkClosedError)
  })

  it('turns a failing sink into SinkClosedError with the cause', async () => {
    const failure = new Error('disk full')
    const sink: ByteSink = { write: () => Promise.reject(failure), close: () => undefined, abort: () => undefined }
    const error = await new TlvWriter(sink).write(1, Uint8Array.of(1)).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(SinkClosedError)
    expect((error as Error).cause).toBe(failure)
  })

  it('aborts through the signal', async () => {
    const gate = gatedSink()
    const controller = new AbortController()
    const writer = new TlvWriter(gate.sink, { signal: controller.signal })
    const pending = writer.write(1, Uint8Array.of(1))
    controller.abort('bye')
    await expect(pending).rejects.toBeInstanceOf(AbortError)
    expect(gate.abortReason).toBe('bye')
  })

  it('checks layout options at construction', () => {
    expect(() => new TlvWriter(createMemorySink(), { tagWidth: 3 as never })).toThrow(InvalidArgumentError)
  })
})

describe('writeTlv', () => {
  const frames: TlvFrame[] = [
    { tag: 1, payload: ascii('one') },
    { tag: 2, payload: new Uint8Array(0) },
    { tag: 3, payload: ascii('three') },
  ]

  it('writes a sync iterable, closes the sink and reports frames and bytes', async () => {
    const sink = createMemorySink()
    expect(await writeTlv(frames, sink)).toEqual({ frames: 3, bytes: 8 + 5 + 10 })
    expect(sink.bytes()).toEqual(encodeTlv(frames))
    expect(sink.closed).toBe(true)
  })

  it('writes an async iterable and can leave the sink open', async () => {
    async function* source(): AsyncGenerator<TlvFrame> {
      for (const frame of frames) {
        await new Promise((resolve) => setImmediate(resolve))
        yield frame
      }
    }
    const sink = createMemorySink()
    const layout = { tagWidth: 4, lengthWidth: 1 } as const
    expect(await writeTlv(source(), sink, { ...layout, close: false })).toEqual({ frames: 3, bytes: 3 * 5 + 8 })
    expect(sink.closed).toBe(false)
    expect(plain(decodeTlv(sink.bytes(), layout))).toEqual(plain(frames))
  })

  it('aborts the sink and rejects on a bad frame', async () => {
    const sink = createMemorySink()
    await expect(writeTlv([frames[0]!, { tag: -1, payload: new Uint8Array(0) }], sink)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(sink.aborted).toBe(true)
  })

  it('rejects (does not throw) on bad options', async () => {
    const call = writeTlv(frames, createMemorySink(), { lengthWidth: 5 as never })
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})
