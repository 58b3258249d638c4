import { concatParts } from '@lightstream/framing'
import { IpcMessageDecoder } from '@lightstream/ipc'
import { decodeTlv } from '@lightstream/tlv'
import { Data, RecordBatch, dataFromArray, dictionary, field, schema, utf8 } from '@lightstream/core'
import type { ByteSink } from '@lightstream/core'
import type { ProtocolTransport } from '@lightstream/protocol'

/** One direction of an in-test duplex: a bounded byte queue with backpressure (copies each chunk, like a socket). */
export class Pipe {
  readonly #chunks: Uint8Array[] = []
  #bytes = 0
  #ended = false
  #error: unknown
  #reader: (() => void) | undefined
  #space: (() => void) | undefined
  /** Bytes written so far (what went over the wire). */
  readonly written: Uint8Array[] = []

  constructor(private readonly highWaterMark = 64 * 1024) {}

  readonly sink: ByteSink = {
    write: (chunk) => this.#write(chunk),
    close: () => {
      this.#ended = true
      this.#wake()
    },
    abort: (reason) => {
      this.#ended = true
      this.#error = reason ?? new Error('aborted')
      this.#wake()
    },
  }

  readonly source: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        for (;;) {
          const chunk = this.#chunks.shift()
          if (chunk !== undefined) {
            this.#bytes -= chunk.length
            if (this.#bytes < this.highWaterMark) {
              const space = this.#space
              this.#space = undefined
              space?.()
            }
            return { done: false, value: chunk }
          }
          if (this.#error !== undefined) throw this.#error
          if (this.#ended) return { done: true, value: undefined }
          await new Promise<void>((resolve) => {
            this.#reader = resolve
          })
        }
      },
      return: async (): Promise<IteratorResult<Uint8Array>> => ({ done: true, value: undefined }),
    }),
  }

  #write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.#ended) return Promise.reject(new Error('write after end'))
    const copy = chunk.slice()
    this.written.push(copy)
    if (copy.length > 0) {
      this.#chunks.push(copy)
      this.#bytes += copy.length
    }
    this.#wake()
    if (this.#bytes < this.highWaterMark) return undefined
    return new Promise<void>((resolve) => {
      this.#space = resolve
    })
  }

  #wake(): void {
    const reader = this.#reader
    this.#reader = undefined
    reader?.()
  }

  /** Everything written, as one array. */
  bytes(): Uint8Array {
    return concatParts(this.written)
  }
}

/** Two connected in-memory transports (a → b and b → a). */
export function memoryPair(highWaterMark?: number): [ProtocolTransport & { out: Pipe }, ProtocolTransport & { out: Pipe }] {
  const ab = new Pipe(highWaterMark)
  const ba = new Pipe(highWaterMark)
  const end = (out: Pipe, inn: Pipe): ProtocolTransport & { out: Pipe } => ({
    source: inn.source,
    sink: out.sink,
    out,
    destroy: (reason) => {
      void out.sink.abort(reason)
      void inn.sink.abort(reason)
    },
  })
  return [end(ab, ba), end(ba, ab)]
}

/** A transport that replays `chunks` as what the peer sent and records what we send. */
export function replayTransport(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): ProtocolTransport & { out: Pipe } {
  const out = new Pipe(Number.MAX_SAFE_INTEGER)
  return { source: chunks, sink: out.sink, out }
}

/** The values of one column chunk, as plain JS values. */
export function valuesOf(data: { readonly length: number; get(i: number): unknown }): unknown[] {
  return Array.from({ length: data.length }, (_, i) => data.get(i))
}

/**
 * What each TLV frame of `bytes` carries, as short strings: `msg(tag,n)` for a message of n bytes, and for
 * a table payload its IPC messages — `schema`, `dict(id,+n)` (delta of n entries), `dict(id,=n)`
 * (replacement with n entries), `batch(n)` (n rows). Control frames are `control(kind)`.
 */
export function describeFrames(bytes: Uint8Array, tableTags: readonly number[]): string[] {
  const out: string[] = []
  const ipc = new IpcMessageDecoder()
  for (const { tag, payload } of decodeTlv(bytes)) {
    if (tag === 255) {
      out.push(`control(${payload[0]})`)
      continue
    }
    if (!tableTags.includes(tag)) {
      out.push(`msg(${tag},${payload.length})`)
      continue
    }
    const parts: string[] = []
    for (let at = 0; at < payload.length; ) {
      const r = ipc.decode(payload.subarray(at))
      if ('needMore' in r) throw new Error('payload ends inside a message')
      at += r.consumed
      if (r.frame.type === 'endOfStream') break
      const h = r.frame.metadata.header
      if (h.type === 'schema') parts.push('schema')
      else if (h.type === 'dictionaryBatch') parts.push(`dict(${h.id},${h.isDelta ? '+' : '='}${h.data.length})`)
      else parts.push(`batch(${h.length})`)
    }
    out.push(`table(${tag}): ${parts.join(' ')}`)
  }
  return out
}

const tagType = dictionary(utf8(), undefined, 0)
export const dictSchema = schema([field('tag', tagType)])

/** A batch of one dictionary-encoded column: `dict` values, `indices` into them. */
export function dictBatch(dict: string[], indices: number[]): RecordBatch {
  const values = dataFromArray(dict, utf8())
  return new RecordBatch(dictSchema, [new Data({ type: tagType, length: indices.length, values: Int32Array.from(indices), dictionary: values })])
}

