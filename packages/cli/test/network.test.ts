import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCodecs } from '@lightstream/codecs'
import { tableFromIPC } from '@lightstream/ipc'
import { runCli, startCli, tempDir } from './helpers/cli-process'
import { sampleTable, writeSample } from './helpers/sample-data'

// send/recv between two real `lightstream` processes over real sockets on 127.0.0.1 and a Unix socket in
// a temp dir. recv listens (port 0) and announces its address on stderr; send connects to it.
const LISTENING = /listening on (\S+)/

const tmp = tempDir()
let sample: ReturnType<typeof writeSample>
beforeAll(() => {
  sample = writeSample(join(tmp.dir, 'sample'), sampleTable(20_000))
})
afterAll(() => tmp.cleanup())

/** recv on `url` into `out`, then send `input` to the announced address; both must succeed. */
async function transfer(url: string, out: string, input: string, recvArgs: string[] = [], sendArgs: string[] = []) {
  const recv = startCli(['recv', url, out, ...recvArgs])
  const [, address] = await recv.waitFor(LISTENING)
  const send = await runCli(['send', address!, input, ...sendArgs])
  const received = await recv.done
  expect(send.stderr).toBe('')
  expect(send.code).toBe(0)
  expect(received.code, received.stderr).toBe(0)
  return { address: address!, recv: received, send }
}

describe('send and recv between two processes', () => {
  it('over TCP: a stream arrives byte for byte', async () => {
    const out = join(tmp.dir, 'tcp.arrows')
    const { address } = await transfer('tcp://127.0.0.1:0', out, sample.stream)
    expect(address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    expect(Buffer.compare(readFileSync(out), readFileSync(sample.stream))).toBe(0)
  })

  it('over a Unix socket: a file is sent as a stream and written back as an identical file', async () => {
    const out = join(tmp.dir, 'uds.arrow')
    const socket = join(tmp.dir, 'arrow.sock')
    const { address } = await transfer(`unix://${socket}`, out, sample.file, ['--format', 'file'])
    expect(address).toBe(`unix://${socket}`)
    expect(Buffer.compare(readFileSync(out), readFileSync(sample.file))).toBe(0)
  })

  it('over TCP with re-encoding: lz4 on the wire, the same values at the end', async () => {
    const out = join(tmp.dir, 'tcp-lz4.arrows')
    await transfer('tcp://127.0.0.1:0', out, sample.stream, [], ['--compression', 'lz4', '--batch-rows', '4096'])
    const got = tableFromIPC(new Uint8Array(readFileSync(out)), { codecs: defaultCodecs() })
    const want = tableFromIPC(sample.streamBytes)
    expect(got.batches.length).toBe(5)
    expect(got.numRows).toBe(want.numRows)
    expect(got.toArray()).toEqual(want.toArray())
  })

  it('over WebSocket: a stream arrives byte for byte', async () => {
    const out = join(tmp.dir, 'ws.arrows')
    await transfer('ws://127.0.0.1:0/arrow', out, sample.stream)
    expect(Buffer.compare(readFileSync(out), readFileSync(sample.stream))).toBe(0)
  })

  it('over HTTP: send POSTs, recv answers 200 once the stream is complete', async () => {
    const out = join(tmp.dir, 'http.arrows')
    const { address } = await transfer('http://127.0.0.1:0/upload', out, sample.file)
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload$/)
    expect(tableFromIPC(new Uint8Array(readFileSync(out))).toArray()).toEqual(tableFromIPC(sample.fileBytes).toArray())
  })

  it('in reverse: send --listen serves, recv --connect fetches (TCP and HTTP GET)', async () => {
    for (const url of ['tcp://127.0.0.1:0', 'http://127.0.0.1:0/data.arrows']) {
      const send = startCli(['send', '--listen', url, sample.stream])
      const [, address] = await send.waitFor(LISTENING)
      const out = join(tmp.dir, `reverse-${url.slice(0, 4)}.arrows`)
      const recv = await runCli(['recv', '--connect', address!, out])
      expect(recv.code, recv.stderr).toBe(0)
      expect((await send.done).code).toBe(0)
      expect(Buffer.compare(readFileSync(out), readFileSync(sample.stream))).toBe(0)
    }
  })

  it('recv writes to stdout when OUT is omitted, and cat can read it from stdin', async () => {
    const send = startCli(['send', '--listen', 'tcp://127.0.0.1:0', sample.file])
    const [, address] = await send.waitFor(LISTENING)
    const piped = await runCli(['recv', '--connect', address!])
    expect(piped.code, piped.stderr).toBe(0)
    expect((await send.done).code).toBe(0)
    const cat = await runCli(['cat', '-', '--limit', '2', '--format', 'csv'], { input: piped.stdout })
    expect(cat.stdout.toString('utf8')).toBe('id,score,name,big,tag\r\n0,0,,0,red\r\n1,0.14285714285714285,name-1,1000000007,green\r\n')
  })
})

describe('inputs over HTTP', () => {
  it('cat and stats read an http URL; an HTTP error status is exit 3', async () => {
    const send = startCli(['send', '--listen', 'http://127.0.0.1:0/data.arrows', sample.file])
    const [, address] = await send.waitFor(LISTENING)
    const cat = await runCli(['cat', address!, '--format', 'json', '--limit', '2'])
    expect(cat.code, cat.stderr).toBe(0)
    expect(cat.stdout.toString('utf8')).toBe(
      '{"id":0,"score":0,"name":null,"big":0,"tag":"red"}\n{"id":1,"score":0.14285714285714285,"name":"name-1","big":1000000007,"tag":"green"}\n',
    )
    expect((await send.done).code).toBe(0)

    // recv's upload endpoint answers a GET with 405.
    const recv = startCli(['recv', 'http://127.0.0.1:0/upload', join(tmp.dir, 'unused-http.arrows')])
    const [, upload] = await recv.waitFor(LISTENING)
    const refused = await runCli(['stats', upload!])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toBe(`lightstream: cannot fetch ${upload}: HTTP 405 Method Not Allowed from ${upload}\n`)
    recv.child.kill()
    await recv.done
  })
})

describe('network errors', () => {
  it('a refused connection: exit 3 and one clear line', async () => {
    // Find a port nobody listens on: listen, note it, stop.
    const recv = startCli(['recv', 'tcp://127.0.0.1:0', join(tmp.dir, 'unused.arrows')])
    const [, address] = await recv.waitFor(LISTENING)
    recv.child.kill('SIGKILL')
    await recv.done
    const send = await runCli(['send', address!, sample.stream])
    expect(send.code).toBe(3)
    expect(send.stderr).toBe(`lightstream: cannot connect to ${address}: connection refused (is anything listening there?)\n`)
  })

  it('no socket at a Unix path: exit 3', async () => {
    const path = join(tmp.dir, 'nobody.sock')
    const send = await runCli(['send', `unix://${path}`, sample.stream])
    expect(send.code).toBe(3)
    expect(send.stderr).toMatch(/^lightstream: cannot connect to unix:\/\/.*nobody\.sock: no socket at that path/)
  })

  it('a sender that dies mid-stream: recv fails with exit 3, says where the stream was cut, leaves no partial file', async () => {
    const out = join(tmp.dir, 'cut.arrows')
    const recv = startCli(['recv', 'tcp://127.0.0.1:0', out])
    const [, address] = await recv.waitFor(LISTENING)
    // A raw client that sends the first half of the stream, then closes.
    const { connect } = await import('node:net')
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(address!.split(':').at(-1)), '127.0.0.1', () => socket.end(sample.streamBytes.subarray(0, sample.streamBytes.length >> 1), resolve))
      socket.on('error', reject)
    })
    const result = await recv.done
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n')[1]).toMatch(
      /^lightstream: tcp:\/\/127\.0\.0\.1:\d+: the connection closed in the middle of the stream \(truncated IPC stream: it ends inside a message at byte \d+ \(\d+ body byte\(s\) missing\)\)$/,
    )
    expect(() => readFileSync(out)).toThrow(/ENOENT/)
  })

  it('an unsupported URL scheme is a usage error (exit 2)', async () => {
    const send = await runCli(['send', 'ftp://example.com/x', sample.stream])
    expect(send.code).toBe(2)
    expect(send.stderr).toMatch(/^lightstream: send: unsupported URL scheme ftp: \(use tcp:, unix:, ws: or http:\)\n/)
  })
})
