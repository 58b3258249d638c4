/**
 * The protocol in a real browser: headless Chromium runs `browser/main.ts` (the published builds, bundled)
 * over its own WebSocket against a Node peer on 127.0.0.1 (`@lightstream/async/node`'s WebSocket listener).
 * Both sides send the interleaved scenario at once (raw, JSON and MessagePack messages, tables whose
 * dictionaries stay, grow and are replaced); each must receive exactly what the other sent, in the
 * compatible mode (both 'accept') and the extended one (both 'require': hellos cross on the wire).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { listenWebSocket, type Listener } from '@lightstream/async/node'
import { createProtocolConnection, type HandshakeMode } from '@lightstream/protocol'
import { join } from 'node:path'
import { runInChromium } from '../../../tooling/browser'
import { describeInChromium } from '../../../tooling/describe-if'
import { drain, interleavedProblems, registerChannels, sendInterleaved } from './scenario'

const ROUNDS = 60

describeInChromium('@lightstream/protocol in Chromium', (chromium) => {
  let listener: Listener
  beforeAll(async () => {
    listener = await listenWebSocket({ host: '127.0.0.1', port: 0, path: '/protocol' })
  })
  afterAll(() => listener.close())

  it.each(['accept', 'require'] as HandshakeMode[])('carries both directions at once with handshake %s', async (handshake) => {
    const server = listener.accept().then(async (connection) => {
      // Both peers use the same policy: an accepting peer that sends at once may send a normal frame before
      // a requiring peer's hello arrives, and the README's rules make that peer give up.
      const p = createProtocolConnection(connection, { handshake })
      registerChannels(p)
      const [items] = await Promise.all([drain(p), sendInterleaved(p, 'server', ROUNDS).then(() => p.close())])
      return { mode: p.mode, problems: interleavedProblems(items, 'browser', ROUNDS) }
    })
    const page = (await runInChromium({
      chromium,
      entry: join(import.meta.dirname, 'browser', 'main.ts'),
      params: { url: listener.url, rounds: ROUNDS, handshake },
    })) as { mode: string; items: number; problems: string[] }
    const atServer = await server
    expect(page).toEqual({ mode: handshake === 'require' ? 'extended' : 'compatible', items: ROUNDS * 5, problems: [] })
    expect(atServer).toEqual({ mode: page.mode, problems: [] })
  }, 90_000)
})
