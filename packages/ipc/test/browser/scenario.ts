/**
 * The IPC scenario run both in Chromium (bundled, see `main.ts`) and in Node by `browser.test.ts`, over the
 * same gold files fetched over HTTP from the test's server. Every way of reading a case must give the same
 * values; the test then requires the browser's results to equal Node's.
 *
 * Per case: the stream and the file through `tableFromIPC` (validated, counting copies); the file again
 * through `IpcFileReader` random access, batches fetched last to first; the stream through the async reader
 * over the HTTP response body and over the same bytes cut into 1-byte and seeded random chunks; and our own
 * writes (LZ4 and zstd bodies, stream and file, 8-byte aligned) read back.
 */
import { RecordBatch, Table, validate, type Codec } from '@lightstream/core'
import { chunkEvery, randomChunks, seededRandom } from '@lightstream/framing/testing'
import { IpcFileReader, bytesSource, createReadStats, openIpcStream, tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { tableDigest } from '../../../../tooling/table-digest'

export interface IpcScenarioIo {
  /** The bytes at `path` on the test's server. */
  fetchBytes(path: string): Promise<Uint8Array>
  /** The response body at `path`, as it arrives. */
  fetchBody(path: string): Promise<ReadableStream<Uint8Array>>
  /** LZ4_FRAME and ZSTD codecs able to encode. */
  codecs: Codec[]
}

export interface IpcCaseResult {
  rows: number
  batches: number
  /** A hash of every value of every column (`tableDigest`). */
  digest: string
  /** Buffers `tableFromIPC` had to copy for the stream (byte swaps, misalignment). */
  copies: number
  /** Each way of reading whose values differ from the stream read by `tableFromIPC`. */
  mismatches: string[]
  /** Byte length of our LZ4-compressed stream and file (equal in every runtime, or the writer differs). */
  written: number[]
}

/** Runs every case in `cases` (paths without the `.stream` / `.arrow_file` suffix). */
export async function ipcScenario(io: IpcScenarioIo, cases: readonly string[]): Promise<Record<string, IpcCaseResult>> {
  const out: Record<string, IpcCaseResult> = {}
  for (const name of cases) out[name] = await runCase(io, name)
  return out
}

async function runCase(io: IpcScenarioIo, name: string): Promise<IpcCaseResult> {
  const { codecs } = io
  const stream = await io.fetchBytes(`${name}.stream`)
  const file = await io.fetchBytes(`${name}.arrow_file`)
  const stats = createReadStats()
  const table = tableFromIPC(stream, { codecs, validate: true, stats })
  const digest = tableDigest(table)
  const mismatches: string[] = []
  const expect = (label: string, other: Table): void => {
    if (tableDigest(other) !== digest) mismatches.push(label)
  }

  expect('file', tableFromIPC(file, { codecs, validate: true }))

  const reader = IpcFileReader.openSync(bytesSource(file), { codecs, validate: true })
  const backwards: RecordBatch[] = []
  for (let i = reader.numBatches - 1; i >= 0; i--) backwards.unshift(reader.batchSync(i))
  expect('file random access', new Table(reader.schema, backwards))

  expect('async over the response body', await (await openIpcStream(iterate(await io.fetchBody(`${name}.stream`)), { codecs, validate: true })).readAll())
  expect('async, 1-byte chunks', await (await openIpcStream(yieldEach(chunkEvery(stream, 1)), { codecs, validate: true })).readAll())
  const random = randomChunks(stream, seededRandom(stream.length), 300)
  expect('async, random chunks', await (await openIpcStream(yieldEach(random), { codecs, validate: true })).readAll())

  const written: number[] = []
  for (const compression of ['lz4_frame', 'zstd'] as const) {
    for (const format of ['stream', 'file'] as const) {
      const bytes = tableToIPC(table, { format, compression, alignment: 8, codecs })
      if (compression === 'lz4_frame') written.push(bytes.length)
      const back = tableFromIPC(bytes, { codecs, validate: true })
      validate(back)
      expect(`our ${compression} ${format}`, back)
    }
  }
  return { rows: table.numRows, batches: table.batches.length, digest, copies: stats.copies, mismatches, written }
}

/**
 * A response body as an AsyncIterable through its reader: TypeScript's DOM types do not declare
 * ReadableStream async-iterable, and not every browser makes it so.
 */
async function* iterate(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

/** The chunks one by one through an async generator, as a network would hand them over. */
async function* yieldEach(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk
}
