import { describe, expect, it } from 'vitest'
import {
  AbortError, InvalidArgumentError, InvalidDataError, RecordBatch, SinkClosedError, Table, UnsupportedFeatureError,
  dataFromArray, dictionary, field, int32, makeData, schema, utf8, type ByteSink,
} from '@lightstream/core'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FrameWriter, createMemorySink } from '@lightstream/framing'
import { IpcFileWriter, IpcStreamEncoder, IpcStreamWriter, encodeIPCStream, tableToIPC } from '@lightstream/ipc'
import { decodeFile, decodeStream, rowsOf, sameBytes } from './decode-for-test'
import { sampleTable } from './sample-columns'

const sample = sampleTable()
const three = new Table(sample.schema, [sample.batches[0]!, sample.batches[0]!, sample.batches[0]!])

describe('IpcStreamWriter and IpcFileWriter over a ByteSink', () => {
  it('write the same bytes as tableToIPC, batch by batch or as a table', async () => {
    for (const [Writer, format] of [[IpcStreamWriter, 'stream'], [IpcFileWriter, 'file']] as const) {
      const expected = tableToIPC(three, { format })
      const a = createMemorySink()
      const w1 = new Writer(a, three.schema)
      await w1.write(three)
      await w1.close()
      expect(sameBytes(a.bytes(), expected)).toBe(true)
      expect(w1.position).toBe(expected.length)
      expect(a.closed).toBe(true)
      // No schema given: taken from the first batch; batches one by one.
      const b = createMemorySink()
      const w2 = new Writer(b)
      for (const batch of three.batches) await w2.write(batch)
      await w2.close()
      expect(sameBytes(b.bytes(), expected)).toBe(true)
    }
  })

  it('a schema without batches gives schema + end-of-stream (and a footer for files)', async () => {
    const sink = createMemorySink()
    const w = new IpcStreamWriter(sink, sample.schema)
    await w.close()
    const d = decodeStream(sink.bytes())
    expect(d.messages.map((m) => m.metadata.header.type)).toEqual(['schema'])
    const fileSink = createMemorySink()
    const f = new IpcFileWriter(fileSink)
    await f.write(new Table(sample.schema, []))
    await f.close()
    const file = decodeFile(fileSink.bytes())
    expect(file.footer!.recordBatches).toEqual([])
    expect(file.schema.fields).toHaveLength(sample.schema.fields.length)
  })

  it('close without any schema rejects with InvalidArgumentError', async () => {
    const w = new IpcStreamWriter(createMemorySink())
    await expect(w.close()).rejects.toBeInstanceOf(InvalidArgumentError)
  })

  it('bad input rejects with a coded error and writes nothing; the writer stays usable', async () => {
    const s = schema([field('a', int32())])
    const good = new RecordBatch(s, [dataFromArray(new Int32Array([1, 2]))], 2)
    const otherSchema = schema([field('a', utf8())])
    const wrongType = new RecordBatch(otherSchema, [dataFromArray(['x', 'y'], utf8())], 2)
    const broken = new RecordBatch(s, [makeData({ type: int32(), length: 5, values: new Int32Array(2) })], 5)
    const sink = createMemorySink()
    const w = new IpcStreamWriter(sink, s)
    await w.write(good)
    await expect(w.write(wrongType)).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(w.write(broken)).rejects.toBeInstanceOf(InvalidDataError)
    await expect(w.write({} as RecordBatch)).rejects.toBeInstanceOf(InvalidArgumentError)
    await w.write(good)
    await w.close()
    expect(sameBytes(sink.bytes(), tableToIPC(new Table(s, [good, good])))).toBe(true)
  })

  it('the file writer refuses a dictionary replacement and keeps its state', async () => {
    const t = dictionary(utf8(), int32(), 0)
    const s = schema([field('d', t)])
    const dict = (values: string[]) => dataFromArray(values, utf8())
    const col = (d: ReturnType<typeof dict>) => makeData({ type: t, length: 1, values: Int32Array.of(0), dictionary: d })
    const sink = createMemorySink()
    const w = new IpcFileWriter(sink, s)
    await w.write(new RecordBatch(s, [col(dict(['a']))], 1))
    await expect(w.write(new RecordBatch(s, [col(dict(['b']))], 1))).rejects.toBeInstanceOf(UnsupportedFeatureError)
    await w.write(new RecordBatch(s, [col(dict(['a', 'c']))], 1))
    await w.close()
    const d = decodeFile(sink.bytes())
    expect(d.footer!.dictionaries).toHaveLength(2)
    expect(rowsOf(d.batches)).toEqual([{ d: 'a' }, { d: 'a' }])
  })

  it('abort aborts the sink; later writes reject with SinkClosedError; a signal gives AbortError', async () => {
    const sink = createMemorySink()
    const w = new IpcStreamWriter(sink, sample.schema)
    await w.write(sample)
    await w.abort(new Error('stop'))
    expect(sink.aborted).toBe(true)
    await expect(w.write(sample)).rejects.toBeInstanceOf(SinkClosedError)
    const controller = new AbortController()
    const w2 = new IpcStreamWriter(createMemorySink(), sample.schema, { signal: controller.signal })
    controller.abort(new Error('cancelled'))
    await expect(w2.write(sample)).rejects.toBeInstanceOf(AbortError)
  })
})

describe('retention', () => {
  it('nothing of a batch is reachable from the writer once its write resolved', async () => {
    setFlagsFromString('--expose_gc')
    const gc = runInNewContext('gc') as () => void
    const sink = createMemorySink()
    const s = schema([field('a', int32()), field('d', dictionary(utf8(), int32(), 0))])
    const writer = new IpcStreamWriter(sink, s)
    const write = async (): Promise<[WeakRef<ArrayBufferLike>, WeakRef<object>]> => {
      const values = new Int32Array(100_000).fill(7)
      const dict = dataFromArray(['x', 'y'], utf8())
      const codes = makeData({ type: s.fields[1]!.type, length: 100_000, values: new Int32Array(100_000), dictionary: dict })
      await writer.write(new RecordBatch(s, [dataFromArray(values), codes], 100_000))
      return [new WeakRef(values.buffer), new WeakRef(dict)] // the memory, not the view object
    }
    const [values, dict] = await write()
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0))
      gc()
    }
    expect(values.deref()).toBeUndefined()
    // The last dictionary of each id is kept on purpose (to send nothing or a delta next time).
    expect(dict.deref()).toBeDefined()
    await writer.close()
  })
})

describe('backpressure', () => {
  /** A sink whose every writev waits until the test releases it; it logs what happens. */
  function slowSink(log: string[]) {
    let release: (() => void) | undefined
    let calls = 0
    const sink: ByteSink & { release(): void; pending(): boolean } = {
      writev(parts) {
        const k = calls++
        // A message's framed head starts with the continuation marker; no body part here does.
        const rbs = parts.filter((p) => p.byteLength >= 8 && p[0] === 0xff && p[1] === 0xff && p[2] === 0xff && p[3] === 0xff).length
        log.push(`writev ${k} (${rbs} message prefixes)`)
        return new Promise<void>((resolve) => {
          release = () => {
            log.push(`resolved ${k}`)
            release = undefined
            resolve()
          }
        })
      },
      write() {
        throw new Error('writev expected')
      },
      close() {},
      abort() {},
      release() {
        release?.()
      },
      pending() {
        return release !== undefined
      },
    }
    return sink
  }

  /** Batches that log when their columns are first read once `armed.on` is set (the encoder reads them). */
  function loggedBatches(log: string[], count: number, tag: string, armed: { on: boolean }): RecordBatch[] {
    const s = schema([field('a', int32())])
    return Array.from({ length: count }, (_, k) => {
      const batch = new RecordBatch(s, [dataFromArray(new Int32Array([k, k + 1]))], 2)
      const columns = batch.columns
      Object.defineProperty(batch, 'columns', {
        get() {
          if (armed.on && !log.includes(`encode ${tag}${k}`)) log.push(`encode ${tag}${k}`)
          return columns
        },
      })
      return batch
    })
  }

  it('encodes a batch only after the sink accepted the previous one (never more than one batch of parts)', async () => {
    const log: string[] = []
    const sink = slowSink(log)
    const armed = { on: false }
    const batches = loggedBatches(log, 3, 't', armed)
    const w = new IpcStreamWriter(sink, batches[0]!.schema)
    let done = false
    const table = new Table(batches[0]!.schema, batches) // reads every batch's columns once
    armed.on = true
    const writing = w.write(table).then(() => {
      done = true
    })
    for (let k = 0; k < 3; k++) {
      await new Promise((r) => setTimeout(r, 5))
      expect(sink.pending()).toBe(true)
      expect(done).toBe(false)
      sink.release()
    }
    await writing
    // Also concurrent, un-awaited writes are queued, not encoded ahead.
    const more = loggedBatches(log, 2, 'b', armed)
    const p1 = w.write(more[0]!)
    const p2 = w.write(more[1]!)
    await new Promise((r) => setTimeout(r, 5))
    sink.release()
    await new Promise((r) => setTimeout(r, 5))
    sink.release()
    await Promise.all([p1, p2])
    expect(log).toEqual([
      'encode t0', 'writev 0 (2 message prefixes)', 'resolved 0',
      'encode t1', 'writev 1 (1 message prefixes)', 'resolved 1',
      'encode t2', 'writev 2 (1 message prefixes)', 'resolved 2',
      'encode b0', 'writev 3 (1 message prefixes)', 'resolved 3',
      'encode b1', 'writev 4 (1 message prefixes)', 'resolved 4',
    ])
  })

  it('the encoders plug into framing\'s FrameWriter directly', async () => {
    const sink = createMemorySink()
    const fw = new FrameWriter(sink, new IpcStreamEncoder(sample.schema))
    for (const b of three.batches) await fw.write(b)
    await fw.close()
    expect(sameBytes(sink.bytes(), tableToIPC(three))).toBe(true)
  })
})

describe('encodeIPCStream', () => {
  it('yields the same bytes as tableToIPC, lazily, one batch at a time', () => {
    const pulled: number[] = []
    function* batches() {
      for (let k = 0; k < 3; k++) {
        pulled.push(k)
        yield three.batches[k]!
      }
    }
    const parts = encodeIPCStream(batches())
    const first = parts.next()
    expect(first.done).toBe(false)
    expect(pulled).toEqual([0])
    const rest = [first.value as Uint8Array, ...parts]
    expect(pulled).toEqual([0, 1, 2])
    const joined = new Uint8Array(rest.reduce((n, p) => n + p.byteLength, 0))
    let at = 0
    for (const p of rest) (joined.set(p, at), (at += p.byteLength))
    expect(sameBytes(joined, tableToIPC(three))).toBe(true)
  })

  it('needs a schema for empty input', () => {
    expect(() => [...encodeIPCStream([])]).toThrow(InvalidArgumentError)
    const bytes = [...encodeIPCStream([], { schema: sample.schema })]
    expect(bytes.length).toBeGreaterThan(1)
    expect(() => [...encodeIPCStream(42 as unknown as RecordBatch[])]).toThrow(InvalidArgumentError)
  })
})
