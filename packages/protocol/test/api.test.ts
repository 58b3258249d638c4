import { concatParts } from '@lightstream/framing'
import { describe, expect, it } from 'vitest'
import { RecordBatch, Table, field, int32, schema, tableFromArrays } from '@lightstream/core'
import {
  ProtocolError,
  createProtocolConnection,
  jsonCodec,
  msgpackCodec,
  rawCodec,
  type PayloadCodec,
  type ProtocolConnection,
} from '@lightstream/protocol'
import { memoryPair, replayTransport, valuesOf } from './helpers'
import { drain } from './scenario'

function connected(bOptions = {}): { a: ProtocolConnection; b: ProtocolConnection } {
  const [left, right] = memoryPair()
  return { a: createProtocolConnection(left), b: createProtocolConnection(right, bOptions) }
}

const utf8: PayloadCodec<string> = {
  name: 'utf8',
  encode: (text) => new TextEncoder().encode(text),
  decode: (bytes) => new TextDecoder().decode(bytes),
}

describe('payload codecs', () => {
  it('round-trips raw bytes (views, no copy), JSON, MessagePack and a user codec through typed channel handles', async () => {
    const { a, b } = connected()
    const handles = [a, b].map((p) => ({
      raw: p.registerMessage('raw'),
      json: p.registerMessage('json', { codec: jsonCodec<{ list: number[]; nested: { ok: boolean } }>() }),
      pack: p.registerMessage('pack', { codec: msgpackCodec<{ when: Date; bin: Uint8Array; big: bigint }>({ encoder: { useBigInt64: true }, decoder: { useBigInt64: true } }) }),
      text: p.registerMessage('text', { codec: utf8 }),
    }))
    const h = handles[0]!
    expect([h.raw.index, h.json.index, h.pack.index, h.text.index]).toEqual([0, 1, 2, 3])
    expect(h.raw.codec).toBe(rawCodec)
    await h.raw.send(Uint8Array.of(1, 2, 3))
    await h.json.send({ list: [1, 2], nested: { ok: true } })
    await h.pack.send({ when: new Date(86_400_000), bin: Uint8Array.of(9, 8), big: 2n ** 60n })
    await h.text.send('héllo')
    await a.close()
    const values = (await drain(b)).map((i) => (i.kind === 'message' ? i.value : undefined))
    expect(values).toEqual([Uint8Array.of(1, 2, 3), { list: [1, 2], nested: { ok: true } }, { when: new Date(86_400_000), bin: Uint8Array.of(9, 8), big: 2n ** 60n }, 'héllo'])
    expect(Object.getPrototypeOf(values[0])).toBe(Uint8Array.prototype)
    await b.close()
  })

  it('rejects values a codec cannot encode, and bad codecs, with InvalidArgumentError', async () => {
    const { a, b } = connected()
    a.registerMessage('raw')
    a.registerMessage('json', { codec: jsonCodec() })
    await expect(a.send('raw', 'not bytes')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'a raw message must be a Uint8Array' })
    await expect(a.send('json', undefined)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await expect(a.send('json', cyclic)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('"json": the json codec could not encode'), cause: expect.any(TypeError) })
    expect(() => a.registerMessage('bad', { codec: { name: '', encode: () => new Uint8Array(), decode: () => 1 } as PayloadCodec<number> })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => a.registerMessage('bad2', { codec: {} as PayloadCodec<number> })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    a.destroy()
    b.destroy()
  })

  it('fails the connection with InvalidDataError naming the channel when a payload cannot be decoded', async () => {
    const bytes = concatParts([Uint8Array.of(0, 1, 0, 0, 0, 0x41), Uint8Array.of(1, 1, 0, 0, 0, 0x7b)]) // 'A' on raw, '{' on json
    const conn = createProtocolConnection(replayTransport([bytes]))
    conn.registerMessage('raw')
    conn.registerMessage('json', { codec: jsonCodec() })
    const first = await conn.receive()
    expect(first?.channel).toBe('raw')
    await expect(conn.receive()).rejects.toMatchObject({ code: 'ERR_INVALID_DATA', path: 'json', message: expect.stringContaining('message channel "json": the json codec could not decode a 1-byte payload') })
    await conn.closed
  })
})

describe('channels and argument checks', () => {
  it('refuses unknown channels, the wrong kind, bad tables and schema mismatches with InvalidArgumentError', async () => {
    const { a, b } = connected()
    const s = schema([field('x', int32())])
    a.registerMessage('m')
    a.registerTable('t', s)
    expect(() => a.registerMessage('m')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: 'channel "m" is already registered' }))
    expect(() => a.registerTable('', s)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => a.registerTable('s', {} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    await expect(a.send('nope', Uint8Array.of(1))).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'no channel named "nope" is registered' })
    await expect(a.send('t', Uint8Array.of(1))).rejects.toMatchObject({ message: 'channel "t" is a table channel: use sendTable' })
    await expect(a.sendTable('m', tableFromArrays({ x: Int32Array.of(1) }))).rejects.toMatchObject({ message: 'channel "m" is a message channel: use send' })
    await expect(a.sendTable('t', { rows: [] } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    await expect(a.sendTable('t', tableFromArrays({ x: Float64Array.of(1) }))).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    // A Table without batches sends nothing.
    await a.sendTable('t', new Table(s, []))
    expect(a.stats.framesSent).toBe(0)
    a.destroy()
    b.destroy()
  })

  it('checks the options of createProtocolConnection', () => {
    const [left] = memoryPair()
    expect(() => createProtocolConnection({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    expect(() => createProtocolConnection({ sink: left.sink, source: 5 } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    for (const options of [{ handshake: 'maybe' }, { maxFrameSize: -1 }, { maxFrameSize: 2 ** 32 }, { handshakeTimeout: 1.5 }, { receiveQueueSize: 0 }, { maxChannels: 300, handshake: 'off' }, { ipc: { alignment: 3 } }, { read: { maxMetadataBytes: -1 } }, { signal: {} }]) {
      expect(() => createProtocolConnection(left, options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    }
    expect(() => createProtocolConnection(left, { signal: AbortSignal.abort() })).toThrow(expect.objectContaining({ code: 'ERR_ABORTED' }))
  })
})

describe('peers that break the protocol', () => {
  it('fails with ProtocolError for a tag no channel was registered for', async () => {
    const conn = createProtocolConnection(replayTransport([Uint8Array.of(0, 0, 0, 0, 0, 7, 0, 0, 0, 0)]))
    conn.registerMessage('only')
    await expect(drain(conn)).rejects.toSatisfy((e: unknown) => e instanceof ProtocolError && e.code === 'ERR_PROTOCOL' && /channel index 7, but only 1 channels are registered here/.test(e.message))
  })

  it('fails with ProtocolError for a table payload that is not whole IPC messages, or batches before a schema', async () => {
    for (const payload of [Uint8Array.of(0xff, 0xff, 0xff, 0xff, 64, 0, 0, 0, 1, 2), Uint8Array.of(1, 2, 3)]) {
      const conn = createProtocolConnection(replayTransport([concatParts([Uint8Array.of(0, payload.length, 0, 0, 0), payload])]))
      conn.registerTable('t')
      await expect(drain(conn)).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_(PROTOCOL|IPC_FORMAT)$/) })
    }
    const [left] = memoryPair(Number.MAX_SAFE_INTEGER)
    const sender = createProtocolConnection(left)
    sender.registerTable('t')
    await sender.sendTable('t', tableFromArrays({ x: Int32Array.of(1) }))
    await sender.sendTable('t', tableFromArrays({ x: Int32Array.of(2) }))
    await sender.close()
    const frames = left.out.bytes()
    const secondFrame = frames.subarray(5 + new DataView(frames.buffer, frames.byteOffset).getUint32(1, true))
    const conn = createProtocolConnection(replayTransport([secondFrame]))
    conn.registerTable('t')
    await expect(drain(conn)).rejects.toMatchObject({ code: 'ERR_PROTOCOL', channel: 't', message: 'table channel "t" received IPC messages before its Schema message' })
  })

  it('fails with ProtocolError when a table stream has another schema than the registered one', async () => {
    const [left] = memoryPair(Number.MAX_SAFE_INTEGER)
    const sender = createProtocolConnection(left)
    sender.registerTable('t')
    await sender.sendTable('t', tableFromArrays({ x: Float64Array.of(1) }))
    await sender.close()
    const conn = createProtocolConnection(replayTransport([left.out.bytes()]))
    conn.registerTable('t', schema([field('x', int32())]))
    await expect(drain(conn)).rejects.toMatchObject({ code: 'ERR_PROTOCOL', message: expect.stringContaining('field 0 "x" is Int32 in the registered schema and Float64 in the received one') })
  })

  it('enforces maxFrameSize on both sides: a send over it is refused (connection usable), a received frame over it fails', async () => {
    const { a, b } = connected({ maxFrameSize: 100 })
    a.registerMessage('m')
    b.registerMessage('m')
    const [left] = memoryPair()
    const small = createProtocolConnection(left, { maxFrameSize: 10 })
    small.registerMessage('m')
    await expect(small.send('m', new Uint8Array(11))).rejects.toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', size: 11, limit: 10 })
    await small.send('m', new Uint8Array(10))
    small.destroy()
    await a.send('m', new Uint8Array(101)) // a allows it (64 MiB), b refuses it on arrival
    await expect(drain(b)).rejects.toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', size: 101, limit: 100 })
    a.destroy()
  })
})

describe('signals, destroy and close', () => {
  it('rejects with AbortError on an aborted signal, without losing the item being waited for', async () => {
    const { a, b } = connected()
    a.registerMessage('m')
    b.registerMessage('m')
    await expect(a.send('m', Uint8Array.of(1), { signal: AbortSignal.abort('no') })).rejects.toMatchObject({ code: 'ERR_ABORTED', cause: 'no' })
    const controller = new AbortController()
    const waiting = b.receive({ signal: controller.signal })
    controller.abort('stop waiting')
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_ABORTED', cause: 'stop waiting' })
    await a.send('m', Uint8Array.of(42))
    const item = await b.receive()
    expect(item?.kind === 'message' && Array.from(item.value as Uint8Array)).toEqual([42])
    a.destroy()
    b.destroy()
  })

  it('destroy() and the connection signal reject pending work and settle closed', async () => {
    const controller = new AbortController()
    const [left, right] = memoryPair()
    const a = createProtocolConnection(left, { signal: controller.signal })
    const b = createProtocolConnection(right)
    a.registerMessage('m')
    b.registerMessage('m')
    const pending = a.receive()
    controller.abort('bye')
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    await expect(a.send('m', Uint8Array.of(1))).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    await a.closed
    await expect(drain(b)).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) }) // the transport was torn down
    b.destroy(new Error('done'))
    await b.closed
    await expect(b.send('m', Uint8Array.of(1))).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) })
  })

  it('refuses sends after close() with SinkClosedError, and close() is idempotent', async () => {
    const { a, b } = connected()
    a.registerTable('t')
    b.registerTable('t')
    const batch: RecordBatch = tableFromArrays({ x: Int32Array.of(1, 2) }).batches[0]!
    await a.sendTable('t', batch)
    const closing = a.close()
    expect(a.close()).toStrictEqual(closing)
    await expect(a.sendTable('t', batch)).rejects.toMatchObject({ code: 'ERR_SINK_CLOSED' })
    await closing
    const items = await drain(b)
    expect(items.map((i) => i.kind === 'table' && valuesOf(i.batch.getChildAt(0)))).toEqual([[1, 2]])
    await b.close()
    await Promise.all([a.closed, b.closed])
  })
})
