import { InvalidArgumentError, RecordBatch, Table } from '@lightstream/core'
import { IpcStreamWriter, type IpcWriterOptions } from '@lightstream/ipc'
import { createByteChannel } from './byte-channel'
import { readableStreamFromSource } from './readable-stream-from-source'

/** The media type of the Arrow IPC stream format. */
export const ARROW_STREAM_CONTENT_TYPE = 'application/vnd.apache.arrow.stream'

const WRITER_KEYS = ['compression', 'alignment', 'legacyFormat', 'metadataVersion', 'codecs', 'dictionaryDeltas', 'allocator', 'signal'] as const

/**
 * A `Response` whose body streams `input` (a Table, or record batches from an iterable or async iterable)
 * in the Arrow IPC stream format, with `content-type: application/vnd.apache.arrow.stream` unless `init`
 * sets one. For service workers, Deno/Bun/Cloudflare handlers and Node's `fetch` tests. Encoding runs as
 * the body is read: batches are written one at a time through a bounded channel (1 MiB), so a slow client
 * pauses the producer; each batch's buffers are copied once into the channel, never concatenated per table.
 *
 * @example
 * ```ts
 * export default { fetch: () => ipcResponse(table) }
 * ```
 * @throws InvalidArgumentError for an input that is neither a Table nor an iterable of RecordBatch. Errors
 * while encoding error the body stream.
 */
export function ipcResponse(input: Table | AsyncIterable<RecordBatch> | Iterable<RecordBatch>, init: ResponseInit & IpcWriterOptions = {}): Response {
  const isIterable = input !== null && typeof input === 'object' && (Symbol.asyncIterator in input || Symbol.iterator in input)
  if (!(input instanceof Table) && !isIterable) throw new InvalidArgumentError('ipcResponse expects a Table or an iterable of RecordBatch')
  const writerOptions: Record<string, unknown> = {}
  const responseInit: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(init)) {
    if ((WRITER_KEYS as readonly string[]).includes(key)) writerOptions[key] = value
    else responseInit[key] = value
  }
  const headers = new Headers(init.headers)
  if (!headers.has('content-type')) headers.set('content-type', ARROW_STREAM_CONTENT_TYPE)
  const { sink, source } = createByteChannel()
  const writer = new IpcStreamWriter(sink, input instanceof Table ? input.schema : undefined, writerOptions as IpcWriterOptions)
  const pump = async (): Promise<void> => {
    try {
      if (input instanceof Table) await writer.write(input)
      else {
        for await (const batch of input as AsyncIterable<RecordBatch>) {
          if (!(batch instanceof RecordBatch)) throw new InvalidArgumentError('ipcResponse: the iterable yielded something other than a RecordBatch')
          await writer.write(batch)
        }
      }
      await writer.close()
    } catch (error) {
      await writer.abort(error)
    }
  }
  let started = false
  const body = readableStreamFromSource({
    [Symbol.asyncIterator]() {
      if (!started) {
        started = true
        void pump()
      }
      return source[Symbol.asyncIterator]()
    },
  })
  return new Response(body, { ...(responseInit as ResponseInit), headers })
}
