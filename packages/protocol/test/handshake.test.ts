import { describe, expect, it } from 'vitest'
import { field, float64, int32, schema, utf8 } from '@lightstream/core'
import { decodeTlv } from '@lightstream/tlv'
import {
  HandshakeError,
  createProtocolConnection,
  jsonCodec,
  msgpackCodec,
  type MessageItem,
  type ProtocolConnection,
  type ProtocolItem,
  type ProtocolOptions,
} from '@lightstream/protocol'
import { describeFrames, memoryPair, replayTransport } from './helpers'

function pair(aOptions: ProtocolOptions, bOptions: ProtocolOptions): { a: ProtocolConnection; b: ProtocolConnection; wireAB: () => Uint8Array; wireBA: () => Uint8Array } {
  const [left, right] = memoryPair()
  return {
    a: createProtocolConnection(left, aOptions),
    b: createProtocolConnection(right, bOptions),
    wireAB: () => left.out.bytes(),
    wireBA: () => right.out.bytes(),
  }
}

async function drain(conn: ProtocolConnection): Promise<ProtocolItem[]> {
  const items: ProtocolItem[] = []
  for await (const item of conn) items.push(item)
  return items
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('the handshake', () => {
  it("'accept' on both sides (the default) stays wire-compatible: no control frame is ever sent", async () => {
    const { a, b, wireAB, wireBA } = pair({}, {})
    for (const p of [a, b]) p.registerMessage('m')
    await a.send('m', text('x'))
    await b.send('m', text('y'))
    await Promise.all([a.close(), b.close()])
    const [fromA, fromB] = await Promise.all([drain(b), drain(a)])
    expect(fromA.length + fromB.length).toBe(2)
    expect([a.mode, b.mode]).toEqual(['compatible', 'compatible'])
    expect(describeFrames(wireAB(), [])).toEqual(['msg(0,1)'])
    expect(describeFrames(wireBA(), [])).toEqual(['msg(0,1)'])
  })

  it("'offer' meets 'accept': both send a hello first and switch to the extended mode", async () => {
    const { a, b, wireAB, wireBA } = pair({ handshake: 'offer' }, {})
    for (const p of [a, b]) {
      p.registerMessage('chat', { codec: jsonCodec() })
      p.registerTable('rows', schema([field('x', int32())]))
    }
    const sent = a.send('chat', { hi: 1 }) // held until the answer
    const [modeA] = await Promise.all([a.ready(), b.ready()])
    await sent
    expect(modeA).toBe('extended')
    await a.close()
    const items = await drain(b)
    expect(b.mode).toBe('extended')
    expect(items.map((i) => i.kind === 'message' && i.value)).toEqual([{ hi: 1 }])
    await b.close()
    expect(describeFrames(wireAB(), [1])).toEqual(['control(1)', 'msg(0,8)'])
    expect(describeFrames(wireBA(), [1])).toEqual(['control(1)'])
    // The hello is UTF-8 JSON after the kind byte, carrying the registry.
    const hello = JSON.parse(new TextDecoder().decode(decodeTlv(wireAB())[0]!.payload.subarray(1)))
    expect(hello).toEqual({
      protocol: 'lightstream',
      version: 1,
      maxFrameSize: 64 * 1024 * 1024,
      channels: [
        { name: 'chat', kind: 'message', codec: 'json' },
        { name: 'rows', kind: 'table', schema: [{ name: 'x', type: 'Int32', nullable: true }] },
      ],
    })
  })

  it("an 'accept' side answers a hello that arrived before it started, even when it starts by sending", async () => {
    const { a, b, wireBA } = pair({ handshake: 'offer' }, {})
    for (const p of [a, b]) p.registerMessage('m')
    const readyA = a.ready() // a starts and sends its hello
    await new Promise((resolve) => setTimeout(resolve, 10)) // the hello reaches b, which has not started
    await b.send('m', text('after the hello'))
    expect(await readyA).toBe('extended')
    expect(b.mode).toBe('extended')
    expect(describeFrames(wireBA(), [])).toEqual(['control(1)', 'msg(0,15)'])
    await Promise.all([a.close(), b.close()])
    expect((await drain(a)).map((i) => i.channel)).toEqual(['m'])
    await drain(b)
  })

  it("'offer' falls back to the compatibility mode when the peer's first frame is a normal frame", async () => {
    const { a, b, wireAB } = pair({ handshake: 'offer' }, {})
    for (const p of [a, b]) p.registerMessage('m')
    await b.send('m', text('from b first')) // b commits to compatibility: it will ignore a's hello
    const held = a.send('m', text('from a'))
    expect(await a.ready()).toBe('compatible')
    await held
    await Promise.all([a.close(), b.close()])
    const [atB, atA] = await Promise.all([drain(b), drain(a)])
    expect(atB.map((i) => i.kind === 'message' && new TextDecoder().decode(i.value as Uint8Array))).toEqual(['from a'])
    expect(atA).toHaveLength(1)
    expect(b.mode).toBe('compatible')
    expect(describeFrames(wireAB(), [])).toEqual(['control(1)', 'msg(0,6)'])
  })

  it("'offer' falls back after handshakeTimeout when the peer says nothing, and then sends what it held", async () => {
    const silent = replayTransport({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }) })
    const a = createProtocolConnection(silent, { handshake: 'offer', handshakeTimeout: 30 })
    a.registerMessage('m')
    await a.send('m', text('late'))
    expect(a.mode).toBe('compatible')
    expect(describeFrames(silent.out.bytes(), [])).toEqual(['control(1)', 'msg(0,4)'])
    a.destroy()
    await a.closed
  })

  it("'require' fails with HandshakeError when the peer does not answer or speaks first without a hello", async () => {
    const silent = replayTransport({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }) })
    const a = createProtocolConnection(silent, { handshake: 'require', handshakeTimeout: 20 })
    a.registerMessage('m')
    await expect(a.send('m', text('x'))).rejects.toBeInstanceOf(HandshakeError)
    await expect(a.ready()).rejects.toMatchObject({ code: 'ERR_PROTOCOL_HANDSHAKE', message: expect.stringContaining('within handshakeTimeout (20 ms)') })
    await a.closed

    const { a: r, b: plain } = pair({ handshake: 'require' }, {})
    for (const p of [r, plain]) p.registerMessage('m')
    await plain.send('m', text('hi'))
    await expect(r.ready()).rejects.toMatchObject({ code: 'ERR_PROTOCOL_HANDSHAKE', message: expect.stringContaining('first frame was a normal frame (tag 0)') })
    plain.destroy()
  })

  it.each([
    ['a different name at one index', (p: ProtocolConnection, side: 'a' | 'b') => p.registerMessage(side === 'a' ? 'prices' : 'quotes'), /channel 0 is "(prices|quotes)" here and "(quotes|prices)" on the peer/],
    ['another kind', (p: ProtocolConnection, side: 'a' | 'b') => (side === 'a' ? p.registerMessage('prices') : p.registerTable('prices')), /"prices" is a (message|table) channel here and a (table|message) channel on the peer/],
    ['another codec', (p: ProtocolConnection, side: 'a' | 'b') => p.registerMessage('prices', { codec: side === 'a' ? jsonCodec() : msgpackCodec() }), /"prices" uses the (json|msgpack) codec here and (msgpack|json) on the peer/],
    ['another schema', (p: ProtocolConnection, side: 'a' | 'b') => p.registerTable('prices', schema([field('id', int32()), field('price', side === 'a' ? float64() : utf8())])), /"prices": field 1 "price" is (Float64|Utf8) here and (Utf8|Float64) on the peer/],
    ['a missing channel', (p: ProtocolConnection, side: 'a' | 'b') => { p.registerMessage('prices'); if (side === 'b') p.registerMessage('extra') }, /channel 1 "extra" is registered (on the peer but not here|here but not on the peer)/],
  ])('a registry mismatch (%s) fails both sides with a HandshakeError naming the channel', async (_, register, message) => {
    const { a, b } = pair({ handshake: 'offer' }, {})
    register(a, 'a')
    register(b, 'b')
    const [ra, rb] = await Promise.allSettled([a.ready(), drain(b)])
    for (const r of [ra, rb]) {
      expect(r.status).toBe('rejected')
      const error = (r as PromiseRejectedResult).reason as HandshakeError
      expect(error).toBeInstanceOf(HandshakeError)
      expect(error.code).toBe('ERR_PROTOCOL_HANDSHAKE')
      expect(error.message).toMatch(message)
      expect(['prices', 'quotes', 'extra']).toContain(error.channel)
    }
    await Promise.all([a.closed, b.closed])
  })

  it('carries more than 256 channels with wide tags in the extended mode', async () => {
    const { a, b, wireAB } = pair({ handshake: 'offer' }, {})
    for (const p of [a, b]) for (let i = 0; i < 300; i++) p.registerMessage(`c${i}`)
    const received = drain(b) // the receiving side is running, as it would be in an application
    for (const i of [3, 253, 254, 255, 299]) await a.send(`c${i}`, Uint8Array.of(i & 0xff))
    await a.close()
    const items = await received
    expect(items.map((i) => [i.channel, i.index])).toEqual([[ 'c3', 3 ], [ 'c253', 253 ], [ 'c254', 254 ], [ 'c255', 255 ], [ 'c299', 299 ]])
    const frames = decodeTlv(wireAB()).slice(1)
    expect(frames.map((f) => f.tag)).toEqual([3, 253, 254, 254, 254])
    // A wide frame: [254][len u32 = 4 + payload][channel u32 LE][payload]
    expect(Array.from(frames[4]!.payload)).toEqual([43, 1, 0, 0, 299 & 0xff])
    await b.close()
  })

  it('refuses channel indices past the one-byte tag without the extended mode', async () => {
    const { a, b } = pair({}, {})
    for (const p of [a, b]) for (let i = 0; i < 256; i++) p.registerMessage(`c${i}`)
    await a.send('c254', Uint8Array.of(1))
    await expect(a.send('c255', Uint8Array.of(1))).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED', message: expect.stringContaining('indices 0..254') })
    await a.close()
    expect((await drain(b)).map((i) => i.channel)).toEqual(['c254'])
    await b.close()
    // With handshake 'off', tag 255 is an ordinary channel, as in Rust Lightstream (256 channels).
    const off = pair({ handshake: 'off' }, { handshake: 'off' })
    for (const p of [off.a, off.b]) for (let i = 0; i < 256; i++) p.registerMessage(`c${i}`)
    expect(() => off.a.registerMessage('one too many')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    await off.a.send('c255', Uint8Array.of(9))
    await off.a.close()
    expect((await drain(off.b)).map((i) => i.index)).toEqual([255])
    await off.b.close()
  })

  it("respects the peer's declared maxFrameSize in the extended mode, and stays usable", async () => {
    const { a, b } = pair({ handshake: 'offer' }, { maxFrameSize: 1000 })
    for (const p of [a, b]) p.registerMessage('m')
    await Promise.all([a.ready(), b.ready()])
    await expect(a.send('m', new Uint8Array(1001))).rejects.toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', size: 1001, limit: 1000, message: expect.stringContaining("peer's declared maxFrameSize") })
    await a.send('m', new Uint8Array(1000))
    await a.close()
    expect((await drain(b)).map((i) => ((i as MessageItem).value as Uint8Array).length)).toEqual([1000])
    await b.close()
  })

  it('freezes the registry once the hello went out', async () => {
    const { a, b } = pair({ handshake: 'offer' }, {})
    a.registerMessage('m')
    b.registerMessage('m')
    await Promise.all([a.ready(), b.ready()])
    expect(() => a.registerMessage('late')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('handshake') }))
    a.destroy()
    b.destroy()
  })
})

describe('hostile hellos', () => {
  it.each([
    ['not JSON', new TextEncoder().encode('{oops'), /not UTF-8 JSON/],
    ['another protocol', new TextEncoder().encode('{"protocol":"other","version":1,"maxFrameSize":1,"channels":[]}'), /does not say protocol "lightstream"/],
    ['version 0', new TextEncoder().encode('{"protocol":"lightstream","version":0,"maxFrameSize":1,"channels":[]}'), /protocol version 0/],
    ['a bad channel', new TextEncoder().encode('{"protocol":"lightstream","version":1,"maxFrameSize":1,"channels":[{"name":3}]}'), /channel 0 has no name or kind/],
    ['deep nesting', new TextEncoder().encode('['.repeat(200_000) + ']'.repeat(200_000)), /./],
  ])('a hello that is %s fails with HandshakeError, not a crash', async (_, body, message) => {
    const frame = new Uint8Array(6 + body.length)
    frame.set([255, (body.length + 1) & 0xff, ((body.length + 1) >>> 8) & 0xff, (body.length + 1) >>> 16, 0, 1])
    frame.set(body, 6)
    const conn = createProtocolConnection(replayTransport([frame]), { handshake: 'offer' })
    conn.registerMessage('m')
    const error = await conn.ready().then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(HandshakeError)
    expect((error as HandshakeError).message).toMatch(message)
    await conn.closed
  })
})
