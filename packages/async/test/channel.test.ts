import { AbortError, SinkClosedError, TruncatedInputError } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream, tableToIPC } from '@lightstream/ipc'
import { describe, expect, it } from 'vitest'
import { ConnectionClosedError, connectionPair, createByteChannel } from '@lightstream/async'
import { collect, expectSameTable, mixedTable } from './fixtures'

describe('createByteChannel', () => {
  it('passes bytes in order and ends after close', async () => {
    const { sink, source } = createByteChannel()
    await sink.write(Uint8Array.of(1, 2))
    await sink.writev!([Uint8Array.of(3), Uint8Array.of(4, 5)])
    await sink.close()
    expect([...(await collect(source))]).toEqual([1, 2, 3, 4, 5])
  })

  it('copies by default (the writer may reuse its chunk) and hands over chunks with copy: false', async () => {
    const copied = createByteChannel()
    const chunk = Uint8Array.of(7, 7)
    await copied.sink.write(chunk)
    chunk[0] = 0
    await copied.sink.close()
    expect([...(await collect(copied.source))]).toEqual([7, 7])

    const handed = createByteChannel({ copy: false })
    const mine = Uint8Array.of(9)
    await handed.sink.write(mine)
    await handed.sink.close()
    const it = handed.source[Symbol.asyncIterator]()
    const first = await it.next()
    expect(first.value).toBe(mine)
  })

  it('pauses the writer at the high-water mark until the reader takes bytes', async () => {
    const { sink, source } = createByteChannel({ highWaterMark: 100 })
    expect(sink.write(new Uint8Array(60))).toBeUndefined()
    const waiting = sink.write(new Uint8Array(60))
    expect(waiting).toBeInstanceOf(Promise)
    let resolved = false
    void (waiting as Promise<void>).then(() => (resolved = true))
    await new Promise((r) => setTimeout(r, 10))
    expect(resolved).toBe(false)
    const it = source[Symbol.asyncIterator]()
    expect((await it.next()).value!.byteLength).toBe(60)
    expect((await it.next()).value!.byteLength).toBe(60)
    await waiting
    expect(resolved).toBe(true)
  })

  it('a reader that stops makes writes reject with SinkClosedError', async () => {
    const { sink, source } = createByteChannel({ highWaterMark: 10 })
    const pending = sink.write(new Uint8Array(20)) as Promise<void>
    for await (const chunk of source) {
      expect(chunk.byteLength).toBe(20)
      break
    }
    await expect(pending).resolves.toBeUndefined()
    expect(() => sink.write(Uint8Array.of(1))).toThrow(SinkClosedError)
  })

  it('abort makes the reader throw ConnectionClosedError; signal gives AbortError on both ends', async () => {
    const { sink, source } = createByteChannel()
    await sink.write(Uint8Array.of(1))
    await sink.abort(new Error('boom'))
    await expect(collect(source)).rejects.toBeInstanceOf(ConnectionClosedError)

    const controller = new AbortController()
    const channel = createByteChannel({ signal: controller.signal, highWaterMark: 1 })
    const write = channel.sink.write(Uint8Array.of(1, 2)) as Promise<void>
    const it = channel.source[Symbol.asyncIterator]()
    controller.abort('stop')
    await expect(write).rejects.toBeInstanceOf(AbortError)
    await expect(it.next()).rejects.toBeInstanceOf(AbortError)
  })
})

describe('connectionPair', () => {
  it('streams a mixed table both ways with the IPC writer and reader', async () => {
    const [a, b] = connectionPair({ highWaterMark: 16 * 1024 })
    const table = mixedTable(5000)
    const send = async (): Promise<void> => {
      const writer = new IpcStreamWriter(a.sink)
      for (const batch of table.batches) await writer.write(batch)
      await writer.close()
    }
    const [, received] = await Promise.all([send(), openIpcStream(b.source).then((r) => r.readAll())])
    expectSameTable(received, table)
    // the other direction
    const back = mixedTable(300, 3)
    const writer = new IpcStreamWriter(b.sink)
    const [, echoed] = await Promise.all([writer.write(back).then(() => writer.close()), openIpcStream(a.source).then((r) => r.readAll())])
    expectSameTable(echoed, back)
    await Promise.all([a.closed, b.closed])
    expect(a.info.transport).toBe('memory')
  })

  it('a peer closing mid-message gives the reader TruncatedInputError, not a hang', async () => {
    const [a, b] = connectionPair()
    const bytes = tableToIPC(mixedTable(100))
    await a.sink.write(bytes.subarray(0, bytes.byteLength - 100))
    await a.sink.close()
    const reader = await openIpcStream(b.source)
    await expect(reader.readAll()).rejects.toBeInstanceOf(TruncatedInputError)
  })

  it('destroy rejects the peer reads with ConnectionClosedError and settles closed', async () => {
    const [a, b] = connectionPair()
    const it = b.source[Symbol.asyncIterator]()
    const pending = it.next()
    a.destroy(new Error('gone'))
    await expect(pending).rejects.toBeInstanceOf(ConnectionClosedError)
    expect(() => b.sink.write(Uint8Array.of(1))).toThrow(SinkClosedError)
    b.destroy()
    await Promise.all([a.closed, b.closed])
  })

  it('close() flushes and resolves once the peer is done too', async () => {
    const [a, b] = connectionPair()
    await a.sink.write(Uint8Array.of(1, 2, 3))
    const closing = a.close()
    expect([...(await collect(b.source))]).toEqual([1, 2, 3])
    await b.close()
    await closing
  })

  it('a signal destroys both ends with AbortError', async () => {
    const controller = new AbortController()
    const [a, b] = connectionPair({ signal: controller.signal })
    const reads = [a.source[Symbol.asyncIterator]().next(), b.source[Symbol.asyncIterator]().next()]
    controller.abort()
    for (const read of reads) await expect(read).rejects.toBeInstanceOf(AbortError)
    await Promise.all([a.closed, b.closed])
  })
})
