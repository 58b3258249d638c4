import { describe, expect, it } from 'vitest'
import { tableFromArrays } from '@lightstream/core'
import { createMemorySink } from '@lightstream/framing'
import { IpcStreamWriter, tableToIPC } from '@lightstream/ipc'
import { MessageScanner } from '../src/input/message-scanner'
import { forwardStream } from '../src/net/forward-stream'
import { parseEndpoint } from '../src/net/endpoint'

// The scanner that lets send/recv forward a stream untouched must find the same messages, rows and end as
// the real decoder, however the bytes are chunked.
const table = tableFromArrays({ id: Int32Array.from({ length: 300 }, (_, i) => i), s: Array.from({ length: 300 }, (_, i) => `v${i}`) })

async function multiBatchStream(): Promise<Uint8Array> {
  const sink = createMemorySink()
  const writer = new IpcStreamWriter(sink, table.schema)
  for (let k = 0; k < 3; k++) await writer.write(table)
  await writer.close()
  return sink.bytes()
}

function scanIn(bytes: Uint8Array, cuts: number[]): MessageScanner {
  const scanner = new MessageScanner()
  let at = 0
  for (const cut of [...cuts, bytes.length]) {
    expect(scanner.push(bytes.subarray(at, cut))).toBe(cut - at)
    at = cut
  }
  return scanner
}

describe('MessageScanner', () => {
  it('finds every batch, its rows and the end marker at every single split point', async () => {
    const bytes = await multiBatchStream()
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      const scanner = scanIn(bytes, [cut])
      expect(scanner.ended).toBe(true)
      expect([scanner.batches, scanner.rows, scanner.messages, scanner.position]).toEqual([3, 900, 4, bytes.length])
    }
    const oneByte = scanIn(bytes, Array.from({ length: bytes.length - 1 }, (_, k) => k + 1))
    expect([oneByte.batches, oneByte.rows]).toEqual([3, 900])
  })

  it('stops at the end-of-stream marker: later bytes are not the stream', async () => {
    const bytes = tableToIPC(table)
    const withTail = new Uint8Array(bytes.length + 10).fill(0xee)
    withTail.set(bytes)
    const scanner = new MessageScanner()
    expect(scanner.push(withTail)).toBe(bytes.length)
    expect(scanner.push(Uint8Array.of(1, 2, 3))).toBe(0)
  })

  it('reports where a cut stream ends, and accepts a stream that ends at a message boundary', () => {
    const bytes = tableToIPC(table)
    const cut = new MessageScanner()
    cut.push(bytes.subarray(0, bytes.length - 100))
    expect(() => cut.end()).toThrow(expect.objectContaining({ code: 'ERR_TRUNCATED', message: expect.stringMatching(/body byte\(s\) missing/) }))
    const noMarker = new MessageScanner()
    noMarker.push(bytes.subarray(0, bytes.length - 8)) // without the 8-byte end-of-stream marker
    expect(() => noMarker.end()).not.toThrow()
    expect(noMarker.rows).toBe(300)
  })

  it('refuses bytes that are not IPC messages', () => {
    expect(() => new MessageScanner().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff))).toThrow(expect.objectContaining({ code: 'ERR_IPC_FORMAT' }))
    expect(() => new MessageScanner({ maxMetadataBytes: 64 }).push(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0))).toThrow(expect.objectContaining({ code: 'ERR_FRAME_TOO_LARGE' }))
  })

  it('forwardStream copies the stream byte for byte through any chunking', async () => {
    const bytes = await multiBatchStream()
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 1000) yield bytes.subarray(at, at + 1000)
    }
    const sink = createMemorySink()
    const totals = await forwardStream(chunks(), sink)
    expect(totals).toEqual({ batches: 3, rows: 900, bytes: bytes.length })
    expect(sink.bytes()).toEqual(bytes)
  })
})

describe('parseEndpoint', () => {
  it.each([
    ['tcp://127.0.0.1:9000', false, { transport: 'tcp', host: '127.0.0.1', port: 9000 }],
    ['tcp://localhost', true, { transport: 'tcp', host: 'localhost', port: 0 }],
    ['unix:///tmp/a.sock', false, { transport: 'unix', path: '/tmp/a.sock' }],
    ['unix:rel/a.sock', true, { transport: 'unix', path: 'rel/a.sock' }],
    ['ws://127.0.0.1:81/arrow', false, { transport: 'ws', port: 81, path: '/arrow' }],
    ['http://127.0.0.1/up', false, { transport: 'http', port: 80, path: '/up' }],
    ['http://127.0.0.1/up', true, { transport: 'http', port: 0, path: '/up' }],
    ['https://example.com/d.arrows', false, { transport: 'http', port: 443 }],
  ] as const)('%s (listening: %s)', (url, listening, expected) => {
    expect(parseEndpoint(url, 'x', listening)).toMatchObject(expected)
  })

  it.each([
    ['ftp://x/y', false, /unsupported URL scheme ftp:/],
    ['tcp://127.0.0.1', false, /a tcp URL needs a port/],
    ['https://x/y', true, /cannot listen on https:/],
    ['not a url', false, /not a URL/],
    ['unix:', false, /no socket path/],
  ] as const)('%s is a usage error', (url, listening, message) => {
    expect(() => parseEndpoint(url, 'x', listening)).toThrow(expect.objectContaining({ code: 'ERR_CLI_USAGE', message: expect.stringMatching(message) }))
  })
})
