import { RecordBatch, Table, TruncatedInputError } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream, tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { describe, expect, it } from 'vitest'
import {
  createByteChannel,
  ipcDecodeStream,
  ipcEncodeStream,
  ipcResponse,
  fetchSource,
  HttpStatusError,
  readableStreamFromSource,
  sinkFromWritableStream,
  sourceFromReadableStream,
  writableStreamFromSink,
} from '@lightstream/async'
import { collect, expectSameTable, mixedTable } from './fixtures'

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.byteLength; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

describe('WHATWG stream adapters', () => {
  it('ReadableStream ⇄ ByteSource round-trips an IPC stream', async () => {
    const table = mixedTable(3000)
    const bytes = tableToIPC(table)
    const stream = readableStreamFromSource(chunked(bytes, 1000), { highWaterMark: 4096 })
    const reader = await openIpcStream(sourceFromReadableStream(stream))
    expectSameTable(await reader.readAll(), table)
  })

  it('readableStreamFromSource pulls lazily (backpressure) and cancel returns the source', async () => {
    let pulled = 0
    let returned = false
    const source = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          pulled++
          return { done: false as const, value: new Uint8Array(1000) }
        },
        return: async () => {
          returned = true
          return { done: true as const, value: undefined }
        },
      }),
    }
    const stream = readableStreamFromSource(source, { highWaterMark: 3000 })
    await new Promise((r) => setTimeout(r, 20))
    expect(pulled).toBeLessThanOrEqual(4)
    await stream.cancel()
    expect(returned).toBe(true)
  })

  it('leaving a sourceFromReadableStream loop early cancels the stream', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(Uint8Array.of(1)),
      cancel: () => {
        cancelled = true
      },
    })
    for await (const chunk of sourceFromReadableStream(stream)) {
      expect(chunk[0]).toBe(1)
      break
    }
    expect(cancelled).toBe(true)
  })

  it('WritableStream ⇄ ByteSink: an IPC writer fills a WritableStream', async () => {
    const table = mixedTable(2000)
    const received: Uint8Array[] = []
    const stream = new WritableStream<Uint8Array>({ write: (chunk) => void received.push(chunk.slice()) })
    const writer = new IpcStreamWriter(sinkFromWritableStream(stream))
    await writer.write(table)
    await writer.close()
    expectSameTable(tableFromIPC(received), table)

    const { sink, source } = createByteChannel()
    const writable = writableStreamFromSink(sink)
    const piped = readableStreamFromSource(chunked(tableToIPC(table), 777)).pipeTo(writable)
    const [, back] = await Promise.all([piped, openIpcStream(source).then((r) => r.readAll())])
    expectSameTable(back, table)
  })
})

describe('ipcEncodeStream / ipcDecodeStream', () => {
  it('batches → bytes → batches through pipeThrough, with the schema promise', async () => {
    const table = mixedTable(1000)
    const batches = [...table.batches, ...mixedTable(3000, 2).batches]
    const source = new ReadableStream<RecordBatch | Table>({
      start(c) {
        for (const b of batches) c.enqueue(b)
        c.close()
      },
    })
    const decoder = ipcDecodeStream()
    const decoded = source.pipeThrough(ipcEncodeStream()).pipeThrough(decoder)
    const out: RecordBatch[] = []
    for await (const batch of decoded as unknown as AsyncIterable<RecordBatch>) out.push(batch)
    const schema = await decoder.readable.schema
    expect(schema.fields.map((f) => f.name)).toEqual(['id', 'x', 'big', 'name', 'kind', 'flag'])
    expect(out.length).toBe(2)
    expectSameTable(new Table(schema, out), new Table(table.schema, batches))
  })

  it('ipcEncodeStream writes the file format too', async () => {
    const table = mixedTable(100)
    const source = new ReadableStream<Table>({ start: (c) => (c.enqueue(table), c.close()) })
    const bytes = await collect(sourceFromReadableStream(source.pipeThrough(ipcEncodeStream({ format: 'file' }))))
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('ARROW1')
    expectSameTable(tableFromIPC(bytes), table)
  })

  it('ipcDecodeStream errors with TruncatedInputError when the bytes end inside a message', async () => {
    const bytes = tableToIPC(mixedTable(100))
    const stream = readableStreamFromSource(chunked(bytes.subarray(0, bytes.byteLength - 40), 300)).pipeThrough(ipcDecodeStream())
    await expect(collect(stream as unknown as AsyncIterable<Uint8Array>)).rejects.toBeInstanceOf(TruncatedInputError)
  })
})

describe('fetch bodies', () => {
  it('ipcResponse streams a table that fetchSource reads back', async () => {
    const table = mixedTable(2500)
    const response = ipcResponse(table, { status: 200 })
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream')
    const reader = await openIpcStream(await fetchSource(response))
    expectSameTable(await reader.readAll(), table)
  })

  it('ipcResponse takes an async iterable of batches', async () => {
    const table = mixedTable(100)
    async function* batches(): AsyncGenerator<RecordBatch> {
      yield* table.batches
    }
    const reader = await openIpcStream(await fetchSource(Promise.resolve(ipcResponse(batches()))))
    expectSameTable(await reader.readAll(), table)
  })

  it('fetchSource turns an HTTP error status into HttpStatusError', async () => {
    const error = await fetchSource(new Response('nope', { status: 404 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpStatusError)
    expect((error as HttpStatusError).status).toBe(404)
    expect((error as HttpStatusError).code).toBe('ERR_HTTP_STATUS')
  })
})
