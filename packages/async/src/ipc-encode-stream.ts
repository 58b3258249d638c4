import { InvalidArgumentError, RecordBatch, Table, type ByteSink } from '@lightstream/core'
import { IpcFileWriter, IpcStreamWriter, type IpcWriterOptions } from '@lightstream/ipc'
import { DEFAULT_HIGH_WATER_MARK } from './byte-channel'

/**
 * Record batches (or tables) in, Arrow IPC bytes out, as a WHATWG `TransformStream`: the IPC writer
 * usable in browsers and in `Response` bodies: `batches.pipeThrough(ipcEncodeStream()).pipeTo(...)`.
 * `format: 'stream'` (default) or `'file'`. The schema comes from the first batch or table. Zero-copy: the
 * chunks coming out are the writer's parts — message headers, the batches' own buffers as views, and views
 * of shared zero padding — so treat them as read-only. Backpressure: a batch is encoded only when the
 * readable side holds fewer than `readableHighWaterMark` bytes (default 1 MiB).
 *
 * @example
 * ```ts
 * const body = ReadableStream.from(table.batches).pipeThrough(ipcEncodeStream())
 * return new Response(body, { headers: { 'content-type': 'application/vnd.apache.arrow.stream' } })
 * ```
 * The stream errors with the writer's errors: InvalidArgumentError (a chunk that is not a RecordBatch or
 * Table, a schema mismatch), InvalidDataError, AbortError (`options.signal`).
 */
export function ipcEncodeStream(
  options: IpcWriterOptions & { format?: 'stream' | 'file'; readableHighWaterMark?: number } = {},
): TransformStream<RecordBatch | Table, Uint8Array> {
  const { format = 'stream', readableHighWaterMark = DEFAULT_HIGH_WATER_MARK, ...writerOptions } = options
  if (format !== 'stream' && format !== 'file') throw new InvalidArgumentError(`format must be 'stream' or 'file', got ${String(format)}`)
  let writer: IpcStreamWriter | IpcFileWriter | undefined
  return new TransformStream<RecordBatch | Table, Uint8Array>(
    {
      start(controller) {
        const sink: ByteSink = {
          write: (chunk) => controller.enqueue(chunk),
          writev: (chunks) => {
            for (const chunk of chunks) controller.enqueue(chunk)
          },
          close: () => undefined,
          abort: () => undefined,
        }
        writer = format === 'file' ? new IpcFileWriter(sink, undefined, writerOptions) : new IpcStreamWriter(sink, undefined, writerOptions)
      },
      async transform(input) {
        if (!(input instanceof RecordBatch) && !(input instanceof Table)) {
          throw new InvalidArgumentError('ipcEncodeStream expects RecordBatch or Table chunks')
        }
        await writer!.write(input)
      },
      async flush() {
        await writer!.close()
      },
    },
    undefined,
    { highWaterMark: readableHighWaterMark, size: (chunk: Uint8Array) => chunk.byteLength },
  )
}
