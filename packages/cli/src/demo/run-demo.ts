import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { typeToString, type RecordBatch } from '@lightstream/core'
import { IpcStreamWriter, openIpcStream, type ReadStats } from '@lightstream/ipc'
import { openMappedFile } from '../input/open-mapped-file'
import { copyBatches } from '../output/ipc-output'
import { demoSchema, generateDemoBatches } from './demo-table'
import { verifyDemoBatch } from './verify-demo-batch'

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Rows to generate (default 2,000,000). */
  readonly rows?: number
  /** Rows per record batch (default 65,536). */
  readonly batchRows?: number
  /** Directory for the temporary file (default `os.tmpdir()`); a fresh subdirectory is made and removed. */
  readonly dir?: string
  readonly signal?: AbortSignal
  /** Called before each step starts, for a live display. */
  readonly onStep?: (step: string) => void
}

/** What the demo did, measured (`lightstream demo --json` prints it). */
export interface DemoReport {
  rows: number
  batches: number
  columns: { name: string; type: string }[]
  generateMs: number
  file: { path: string; bytes: number; alignment: 64; writeMs: number; writerCopies: number }
  read: { access: 'mmap' | 'read'; fallbackReason?: string; openMs: number; readMs: number; verifyMs: number; copies: number; copiedBytes: number; verified: boolean }
  tcp: {
    url: string
    bytes: number
    ms: number
    verifyMs: number
    verified: boolean
    /** Column buffers the receiving reader copied (misaligned in the socket's memory): 0. */
    copies: number
    copiedBytes: number
    /** Messages that arrived split over socket reads and were joined by one copy (StreamBuffer), and their bytes. */
    framingCopies: number
    framingCopiedBytes: number
    writerCopies: number
  }
  /** Copies of column buffers on every path: writer, file reader, socket reader. The point of the demo: 0. */
  columnBufferCopies: number
  /** True when every value was verified on both paths and nothing was copied. */
  ok: boolean
  /** Why `ok` is false. */
  failure?: string
}

const now = (): number => performance.now()

/**
 * Size of the receiver's socket read buffers (slabs). Reads that follow each other land back to back in a
 * slab and reach the reader as one view, so a message smaller than a slab usually arrives contiguous and is
 * decoded in place; one that spans two slabs is joined with one copy (reported as "socket reads joined").
 */
export const RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024

function check(batches: readonly RecordBatch[]): { ms: number; failure: string | undefined } {
  const start = now()
  let first = 0
  for (const batch of batches) {
    const failure = verifyDemoBatch(batch, first)
    if (failure !== undefined) return { ms: now() - start, failure }
    first += batch.numRows
  }
  return { ms: now() - start, failure: undefined }
}

/**
 * The Quick start demo, end to end: generate a table, write it as a 64-byte aligned IPC file in a temporary
 * directory, map it back zero-copy (`@lightstream/mmap-native`) and verify every value, stream the mapped
 * batches over loopback TCP (`@lightstream/async/node`) to a reader that verifies them again, count every
 * copy, and remove the file. Throws only for I/O failures; a verification failure is reported (`ok: false`).
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const rows = options.rows ?? 2_000_000
  const batchRows = options.batchRows ?? 65_536
  const step = options.onStep ?? (() => undefined)
  const signal = options.signal
  const failures: string[] = []

  step('generate')
  let t = now()
  const generated = generateDemoBatches(rows, batchRows)
  const generateMs = now() - t
  const schema = demoSchema()

  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'lightstream-demo-'))
  try {
    const path = join(dir, 'demo.arrow')
    step('write file')
    const [{ sinkFromWritable }, { createWriteStream }] = await Promise.all([import('@lightstream/async/node'), import('node:fs')])
    t = now()
    const written = await copyBatches(schema, generated, sinkFromWritable(createWriteStream(path)), { format: 'file', alignment: 64, signal })
    const writeMs = now() - t
    const bytes = (await stat(path)).size
    generated.length = 0 // the file is the data from here on

    step('read file')
    ;(await import('@lightstream/mmap-native')).addonStatus() // load the module and its addon before timing the open
    t = now()
    const mapped = await openMappedFile(path, signal)
    const openMs = now() - t
    const fileReader = mapped.reader
    try {
      t = now()
      const fromFile: RecordBatch[] = []
      for (let i = 0; i < fileReader.numBatches; i++) fromFile.push(fileReader.batchSync(i))
      const readMs = now() - t
      step('verify file')
      const fileCheck = check(fromFile)
      if (fileCheck.failure !== undefined) failures.push(`file: ${fileCheck.failure}`)
      const fileStats: ReadStats = fileReader.stats

      step('stream over TCP')
      const tcp = await streamOverTcp(fromFile, signal)
      if (tcp.failure !== undefined) failures.push(`tcp: ${tcp.failure}`)

      const columnBufferCopies = written.copies + fileStats.copies + tcp.stats.copies + tcp.writerCopies
      if (columnBufferCopies !== 0) failures.push(`${columnBufferCopies} column buffer copies (expected 0)`)
      return {
        rows,
        batches: fromFile.length,
        columns: schema.fields.map((f) => ({ name: f.name, type: typeToString(f.type) })),
        generateMs,
        file: { path, bytes, alignment: 64, writeMs, writerCopies: written.copies },
        read: {
          access: mapped.access,
          ...(mapped.fallbackReason === undefined ? {} : { fallbackReason: mapped.fallbackReason }),
          openMs,
          readMs,
          verifyMs: fileCheck.ms,
          copies: fileStats.copies,
          copiedBytes: fileStats.copiedBytes,
          verified: fileCheck.failure === undefined,
        },
        tcp: {
          url: tcp.url,
          bytes: tcp.bytes,
          ms: tcp.ms,
          verifyMs: tcp.verifyMs,
          verified: tcp.failure === undefined,
          copies: tcp.stats.copies,
          copiedBytes: tcp.stats.copiedBytes,
          framingCopies: tcp.stats.framingCopies,
          framingCopiedBytes: tcp.stats.framingCopiedBytes,
          writerCopies: tcp.writerCopies,
        },
        columnBufferCopies,
        ok: failures.length === 0,
        ...(failures.length === 0 ? {} : { failure: failures.join('; ') }),
      }
    } finally {
      await fileReader.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Send `batches` (views of the mapped file) through an IpcStreamWriter into a loopback TCP connection, and
 * read them on the other end with openIpcStream; the receiver keeps the batches and verifies them after the
 * transfer, so the time measured is the transfer and decoding alone.
 */
async function streamOverTcp(batches: readonly RecordBatch[], signal: AbortSignal | undefined) {
  const { connectTcp, listenTcp } = await import('@lightstream/async/node')
  const listener = await listenTcp({ host: '127.0.0.1', port: 0, readBufferSize: RECEIVE_BUFFER_BYTES })
  try {
    const start = now()
    const receiving = (async () => {
      const connection = await listener.accept(signal === undefined ? {} : { signal })
      try {
        const reader = await openIpcStream(connection.source, signal === undefined ? {} : { signal })
        const received: RecordBatch[] = []
        for await (const batch of reader) received.push(batch)
        return { received, stats: reader.stats, end: now() }
      } finally {
        await connection.close()
      }
    })()
    const client = await connectTcp({ host: '127.0.0.1', port: listener.port!, ...(signal === undefined ? {} : { signal }) })
    let writerCopies = 0
    let bytes = 0
    try {
      const writer = new IpcStreamWriter(client.sink, batches[0]?.schema ?? demoSchema(), { alignment: 64, ...(signal === undefined ? {} : { signal }) })
      // If the receiver fails, stop the sender instead of waiting on backpressure forever.
      receiving.catch((error: unknown) => client.destroy(error))
      for (const batch of batches) await writer.write(batch)
      await writer.close()
      writerCopies = writer.stats.copies
      bytes = writer.position
      await client.close()
    } catch (error) {
      client.destroy(error)
      throw error
    }
    const { received, stats, end } = await receiving
    const rows = received.reduce((n, b) => n + b.numRows, 0)
    const expected = batches.reduce((n, b) => n + b.numRows, 0)
    const verify = check(received)
    const failure = rows !== expected ? `received ${rows} rows, sent ${expected}` : verify.failure
    return { url: listener.url, bytes, ms: end - start, verifyMs: verify.ms, failure, stats, writerCopies }
  } finally {
    await listener.close()
  }
}
