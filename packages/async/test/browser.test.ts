/**
 * The browser-safe root entry in a real browser: headless Chromium runs `browser/main.ts` (bundled from the
 * published builds) against a server on 127.0.0.1 that speaks through this package's Node entry. One table
 * (`browser/table.ts`, ~5 MiB in three batches) crosses every transport a page has, in both directions where
 * the transport has two: an HTTP download (fetchSource, ipcDecodeStream), ipcEncodeStream, an upload of
 * ipcResponse's body, the browser's WebSocket against `ws` in both modes, and a module Worker over
 * messagePortConnection with both transfer modes. Every arrival must carry exactly the table's values.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { beforeAll, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { join } from 'node:path'
import { httpResponseSink, requestSource } from '../src/node/index'
import { ARROW_STREAM_CONTENT_TYPE, webSocketConnection } from '../src/index'
import { runInChromium } from '../../../tooling/browser'
import { describeInChromium } from '../../../tooling/describe-if'
import { tableDigest } from '../../../tooling/table-digest'
import { BATCH_ROWS, makeTable } from './browser/table'

interface RoundTrip {
  digest: string
  batches: number
  copies: number
  /** IPC messages that arrived split across chunks and were joined (one copy each). */
  framingCopies: number
}

describeInChromium('@lightstream/async in Chromium', (chromium) => {
  const table = makeTable()
  const expected = tableDigest(table)
  const received: Record<string, { digest: string; rows: number }> = {}
  let page: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

  const serveTable = (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': ARROW_STREAM_CONTENT_TYPE })
    void (async () => {
      const writer = new IpcStreamWriter(httpResponseSink(res))
      for (const batch of table.batches) {
        await writer.write(batch)
        await new Promise((resolve) => setTimeout(resolve, 5)) // let each batch leave as its own chunks
      }
      await writer.close()
    })().catch((error) => res.destroy(error))
  }

  const upload = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const got = await (await openIpcStream(requestSource(req, { maxBytes: 64 << 20 }))).readAll()
      received.upload = { digest: tableDigest(got), rows: got.numRows }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ...received.upload, contentType: req.headers['content-type'] }))
    })().catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(error))
    })
  }

  beforeAll(async () => {
    page = (await runInChromium({
      chromium,
      entry: join(import.meta.dirname, 'browser', 'main.ts'),
      bundles: { '/worker.js': join(import.meta.dirname, 'browser', 'worker.ts') },
      routes: { '/table.arrows': serveTable, '/upload': upload },
      onServer: (server) => {
        const wss = new WebSocketServer({ server, path: '/ws' })
        wss.on('connection', (ws, req) => {
          const mode = new URL(req.url ?? '/', 'http://x').searchParams.get('mode') === 'stream' ? 'stream' : 'message'
          void (async () => {
            const connection = await webSocketConnection(ws, { mode, maxMessageBytes: 100_000 })
            const got = await (await openIpcStream(connection.source)).readAll()
            received[`webSocket-${mode}`] = { digest: tableDigest(got), rows: got.numRows }
            const writer = new IpcStreamWriter(connection.sink)
            for (const batch of got.batches) await writer.write(batch)
            await writer.close()
            await connection.close()
          })().catch(() => ws.terminate())
        })
        server.on('close', () => wss.close())
      },
      timeoutMs: 90_000,
    })) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }, 120_000)

  it('builds the same table in the browser as in Node', () => {
    expect(page.sent).toBe(expected)
    expect(table.numRows).toBe(BATCH_ROWS.reduce((a, b) => a + b, 0))
  })

  it('downloads with fetchSource as the body arrives, in several chunks', () => {
    expect(page.fetchSource.digest).toBe(expected)
    expect(page.fetchSource.chunks).toBeGreaterThan(1)
  })

  it('decodes a response body with ipcDecodeStream, batch by batch', () => {
    expect(page.ipcDecodeStream).toEqual({ digest: expected, batches: BATCH_ROWS.length })
  })

  it('encodes batches with ipcEncodeStream', () => {
    expect(page.ipcEncodeStream).toBe(expected)
  })

  it("uploads ipcResponse's body, which the Node server decodes", () => {
    expect(page.ipcResponse.contentType).toBe(ARROW_STREAM_CONTENT_TYPE)
    expect(page.ipcResponse.server).toEqual({ digest: expected, rows: table.numRows, contentType: ARROW_STREAM_CONTENT_TYPE })
    expect(received.upload?.digest).toBe(expected)
  })

  it("sends and receives over the browser's WebSocket in 'message' mode: one IPC message per WebSocket message, no copies", () => {
    expect(received['webSocket-message']).toEqual({ digest: expected, rows: table.numRows })
    expect(page['webSocket-message'] as RoundTrip).toEqual({ digest: expected, batches: BATCH_ROWS.length, copies: 0, framingCopies: 0 })
  })

  it("sends and receives over the browser's WebSocket in 'stream' mode: batches split into 100 KB messages are joined", () => {
    expect(received['webSocket-stream']).toEqual({ digest: expected, rows: table.numRows })
    const trip = page['webSocket-stream'] as RoundTrip
    expect({ ...trip, framingCopies: undefined }).toEqual({ digest: expected, batches: BATCH_ROWS.length, copies: 0, framingCopies: undefined })
    expect(trip.framingCopies).toBeGreaterThanOrEqual(BATCH_ROWS.length) // every batch is over 1 MB
  })

  it.each(['true', 'chunks'])('round-trips through a module Worker (transfer: %s) without copies on arrival', (transfer) => {
    expect(page[`worker-${transfer}`] as RoundTrip).toEqual({ digest: expected, batches: BATCH_ROWS.length, copies: 0, framingCopies: 0 })
  })
})
