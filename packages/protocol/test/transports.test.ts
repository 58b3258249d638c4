import { afterEach, describe, expect, it } from 'vitest'
import { LightstreamError } from '@lightstream/core'
import type { Connection } from '@lightstream/async'
import { connectTcp, connectWebSocket, listenTcp, listenWebSocket, type Listener } from '@lightstream/async/node'
import { HandshakeError, createProtocolConnection, type MessageItem } from '@lightstream/protocol'
import { drain, expectInterleaved, registerChannels, sendInterleaved } from './scenario'

interface Link {
  readonly client: Connection
  readonly server: Connection
}

const listeners: Listener[] = []
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()))
})

const transports: [string, () => Promise<Link>][] = [
  [
    'TCP',
    async () => {
      const listener = await listenTcp({ host: '127.0.0.1', port: 0 })
      listeners.push(listener)
      const [client, server] = await Promise.all([connectTcp({ host: '127.0.0.1', port: listener.port! }), listener.accept()])
      return { client, server }
    },
  ],
  [
    'WebSocket',
    async () => {
      const listener = await listenWebSocket({ host: '127.0.0.1', port: 0, path: '/protocol' })
      listeners.push(listener)
      const [client, server] = await Promise.all([connectWebSocket(listener.url), listener.accept()])
      return { client, server }
    },
  ],
]

describe.each(transports)('over real %s on 127.0.0.1', (_, link) => {
  it('carries interleaved messages (raw, JSON, MessagePack) and tables with changing dictionaries, both ways at once', async () => {
    const { client, server } = await link()
    const a = createProtocolConnection(client)
    const b = createProtocolConnection(server)
    registerChannels(a)
    registerChannels(b)
    const rounds = 40
    const [atB, atA] = await Promise.all([
      drain(b),
      drain(a),
      sendInterleaved(a, 'a', rounds).then(() => a.close()),
      sendInterleaved(b, 'b', rounds).then(() => b.close()),
    ])
    expectInterleaved(atB, 'a', rounds)
    expectInterleaved(atA, 'b', rounds)
    await Promise.all([a.closed, b.closed, client.closed, server.closed])
    expect(a.mode).toBe('compatible')
  })

  it('negotiates the extended mode, and a registry mismatch fails both sides with HandshakeError', async () => {
    const ok = await link()
    const a = createProtocolConnection(ok.client, { handshake: 'require' })
    const b = createProtocolConnection(ok.server)
    registerChannels(a)
    registerChannels(b)
    const received = drain(b)
    expect(await a.ready()).toBe('extended')
    await sendInterleaved(a, 'x', 4)
    await a.close()
    expectInterleaved(await received, 'x', 4)
    await b.close()

    const bad = await link()
    const c = createProtocolConnection(bad.client, { handshake: 'offer' })
    const d = createProtocolConnection(bad.server)
    registerChannels(c)
    d.registerMessage('raw')
    d.registerMessage('json') // raw codec here, json on the other side
    const [rc, rd] = await Promise.allSettled([c.ready(), drain(d)])
    for (const result of [rc, rd]) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason as HandshakeError
      expect(error).toBeInstanceOf(HandshakeError)
      expect(error.channel).toBe('json')
      expect(error.message).toMatch(/channel 1 "json" uses the (json|raw) codec here and (raw|json) on the peer/)
    }
    await Promise.all([c.closed, d.closed, bad.client.closed, bad.server.closed])
  })

  it('fails with a coded error, without hanging, when the peer stops in the middle of a frame', async () => {
    for (const how of ['close', 'destroy'] as const) {
      const { client, server } = await link()
      const b = createProtocolConnection(server)
      b.registerMessage('m')
      b.registerTable('t')
      // A raw peer: one whole frame, then the header of a 1000-byte frame and 10 of its bytes.
      await client.sink.write(Uint8Array.of(0, 2, 0, 0, 0, 0x6f, 0x6b))
      await client.sink.write(Uint8Array.of(1, 0xe8, 0x03, 0, 0, ...new Uint8Array(10)))
      const items: string[] = []
      const failure = (async () => {
        for await (const item of b) items.push(item.channel)
      })().then(() => undefined, (e: unknown) => e)
      await new Promise((resolve) => setTimeout(resolve, 20))
      if (how === 'close') await client.close()
      else client.destroy()
      const error = await failure
      expect(items).toEqual(['m'])
      expect(error).toBeInstanceOf(LightstreamError)
      expect((error as LightstreamError).code).toMatch(/^ERR_(TRUNCATED|CONNECTION_CLOSED)$/)
      if (how === 'close') expect((error as LightstreamError).message).toMatch(/inside a TLV frame with tag 1: 10 of 1000 payload bytes/)
      await expect(b.send('m', Uint8Array.of(1))).rejects.toBeInstanceOf(LightstreamError)
      await b.closed
      await server.closed
    }
  })

  it('lets backpressure from the transport reach send(): sends stay pending while the peer does not read', async () => {
    const { client, server } = await link()
    const a = createProtocolConnection(client)
    const b = createProtocolConnection(server, { receiveQueueSize: 1 })
    a.registerMessage('blob')
    b.registerMessage('blob')
    const count = 48
    const size = 1 << 20
    let resolved = 0
    const sends = Array.from({ length: count }, (_, i) => a.send('blob', new Uint8Array(size).fill(i)).then(() => void resolved++))
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(resolved).toBeLessThan(count) // the socket buffers and the receive queue are full: the rest wait
    const received = drain(b)
    await Promise.all(sends)
    await a.close()
    const items = await received
    expect(items.map((i) => ((i as MessageItem).value as Uint8Array)[size - 1])).toEqual(Array.from({ length: count }, (_, i) => i))
    await b.close()
    await Promise.all([a.closed, b.closed])
  })
})
