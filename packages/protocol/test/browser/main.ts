/**
 * The browser page of `browser.test.ts`: a protocol connection over the browser's own WebSocket to a Node
 * server, both sides sending the interleaved scenario at once; reports what arrived and how it differs.
 */
import { webSocketConnection } from '@lightstream/async'
import { createProtocolConnection, type HandshakeMode } from '@lightstream/protocol'
import { runPage } from '../../../../tooling/browser-page'
import { drain, interleavedProblems, registerChannels, sendInterleaved } from '../scenario'

runPage(async ({ url, rounds, handshake }: { url: string; rounds: number; handshake: HandshakeMode }) => {
  const connection = await webSocketConnection(new WebSocket(url))
  const p = createProtocolConnection(connection, { handshake })
  registerChannels(p)
  const mode = handshake === 'require' ? await p.ready() : undefined
  const [items] = await Promise.all([drain(p), sendInterleaved(p, 'browser', rounds).then(() => p.close())])
  return { mode: mode ?? p.mode, items: items.length, problems: interleavedProblems(items, 'server', rounds) }
})
