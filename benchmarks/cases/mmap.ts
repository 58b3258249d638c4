/**
 * Memory-mapped Arrow IPC files (`@lightstream/mmap-native`) against reading the file into memory with
 * apache-arrow (`readFileSync` + `tableFromIPC`), and against summing an in-memory Float64Array.
 *
 * The input is one Arrow IPC **file** of 100M rows × 4 columns (id int64, x float64, n uint32, flag bool;
 * 100 record batches of 1M rows, 64-byte aligned, ~2.0 GB), written once with our IpcFileWriter into
 * os.tmpdir() and kept between runs (regenerated when missing or of the wrong size). `--quick` uses 1M rows.
 *
 * - `mmap/open-views/<rows>`: open the file and get every column of every batch as a typed array (a view),
 *   then close. The check digests every chunk's length and byte length and reads two values per column. Ours: `openIPCFile` (mmap); also our
 *   file-read fallback (`mmap: false`); apache-arrow: `readFileSync` + `tableFromIPC` + `getChildAt(i).data`.
 * - `mmap/sum-float64/<rows>`: open, sum the whole float64 column, close: the cold path, page faults included.
 *   Beside it, the memory-speed reference: the same loop over an in-memory Float64Array (`in-memory-f64`).
 * - `mmap/scan-float64/<rows>`: the float64 column already open (mapped / loaded once, untimed); a pass sums it.
 *   The named peer is the same loop over an in-memory Float64Array of the same values: memory speed.
 *
 * Checks: x = (i mod 1024) / 2, so every sum is exact in any order; a pass must return the exact sum. The
 * open-views digest (see `foldColumn`) must equal the one computed from the generating formulas.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Implementation, type Pass } from '../lib/define-case'
import { foldDigest, hashValue } from '../lib/table-digest'

interface MmapInput {
  path: string
  rows: number
  batchRows: number
}

const FULL = { rows: 100_000_000, batchRows: 1_000_000 }
const QUICK = { rows: 1_000_000, batchRows: 100_000 }

const xAt = (i: number): number => (i % 1024) * 0.5
const nAt = (i: number): number => Math.imul(i, 0x9e3779b1) >>> 0
const flagAt = (i: number): boolean => i % 3 === 0

/** Bytes of the four columns' buffers (no validity bitmaps: no nulls). */
function payloadBytes(rows: number, batchRows: number): number {
  return rows * (8 + 8 + 4) + Math.ceil(batchRows / 8) * Math.ceil(rows / batchRows)
}

/** Σ x over all rows: exact (multiples of 0.5 far below 2^52). */
function expectedSum(rows: number): number {
  const full = Math.floor(rows / 1024)
  let sum = full * ((1023 * 1024) / 2) * 0.5
  for (let i = full * 1024; i < rows; i++) sum += xAt(i)
  return sum
}

/** The size of the file this writer produces, remembered to detect a stale or truncated cache. */
function cachePath(rows: number): string {
  return join(tmpdir(), `lightstream-bench-mmap-${rows}-v1.arrow`)
}

/** Write the input with our IpcFileWriter, batch by batch (memory stays at one batch), if not cached. */
async function ensureInput(rows: number, batchRows: number): Promise<string> {
  const path = cachePath(rows)
  const sizePath = `${path}.size`
  if (existsSync(path) && existsSync(sizePath) && Number(readFileSync(sizePath, 'utf8')) === statSync(path).size) return path
  const { Data, RecordBatch, bool, field, float64, int64, schema, uint32 } = await import('@lightstream/core')
  const { IpcFileWriter } = await import('@lightstream/ipc')
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w')
  const writeAll = (chunk: Uint8Array): void => {
    for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done)
  }
  const sink = { write: writeAll, close: () => closeSync(fd), abort: () => closeSync(fd) }
  const s = schema([field('id', int64(), false), field('x', float64(), false), field('n', uint32(), false), field('flag', bool(), false)])
  const writer = new IpcFileWriter(sink, s, { alignment: 64 })
  process.stderr.write(`mmap bench: writing ${rows} rows to ${path} (once; cached for later runs)\n`)
  for (let start = 0; start < rows; start += batchRows) {
    const n = Math.min(batchRows, rows - start)
    const id = new BigInt64Array(n)
    const idWords = new Int32Array(id.buffer)
    const x = new Float64Array(n)
    const u = new Uint32Array(n)
    const flags = new Uint8Array(Math.ceil(n / 8))
    for (let k = 0; k < n; k++) {
      const i = start + k
      idWords[2 * k] = i // i < 2^31: the high word stays 0
      x[k] = xAt(i)
      u[k] = nAt(i)
      if (flagAt(i)) flags[k >> 3]! |= 1 << (k & 7)
    }
    const columns = [
      new Data({ type: int64(), length: n, nullCount: 0, values: id }),
      new Data({ type: float64(), length: n, nullCount: 0, values: x }),
      new Data({ type: uint32(), length: n, nullCount: 0, values: u }),
      new Data({ type: bool(), length: n, nullCount: 0, values: flags }),
    ]
    await writer.write(new RecordBatch(s, columns, n))
  }
  await writer.close()
  renameSync(tmp, path)
  writeFileSyncText(sizePath, String(statSync(path).size))
  return path
}

function writeFileSyncText(path: string, text: string): void {
  const fd = openSync(path, 'w')
  writeSync(fd, text)
  closeSync(fd)
}

/** What both libraries' chunks offer: a length and the values as a typed array. */
interface Chunk {
  length: number
  values: ArrayLike<number | bigint>
}

function valueAt(column: number, chunk: Chunk, row: number): unknown {
  const v = chunk.values
  return column === 3 ? (((v[row >> 3] as number) >> (row & 7)) & 1) === 1 : Number(v[row]!)
}

/**
 * The digest of one column: every chunk's length and values byte length (metadata: no page is touched), and
 * two values read from the data, the first of the first chunk and the last of the last chunk (so the views
 * are real and point at the right bytes). Reading a value of every chunk would add one page fault per chunk
 * to ours, which is the cost of scanning (see the sum cases), not of opening.
 */
function foldColumn(digest: number, column: number, chunks: readonly Chunk[]): number {
  for (const chunk of chunks) digest = foldDigest(foldDigest(digest, chunk.length), (chunk.values as unknown as ArrayBufferView).byteLength)
  const first = chunks[0]!
  const last = chunks[chunks.length - 1]!
  return foldDigest(foldDigest(digest, hashValue(valueAt(column, first, 0))), hashValue(valueAt(column, last, last.length - 1)))
}

const BYTE_WIDTHS = [8, 8, 4, 0]

function expectedDigest(rows: number, batchRows: number): number {
  let digest = 0
  const at = [(i: number) => i, xAt, nAt, flagAt]
  for (let c = 0; c < 4; c++) {
    for (let start = 0; start < rows; start += batchRows) {
      const n = Math.min(batchRows, rows - start)
      digest = foldDigest(foldDigest(digest, n), c === 3 ? Math.ceil(n / 8) : n * BYTE_WIDTHS[c]!)
    }
    digest = foldDigest(foldDigest(digest, hashValue(at[c]!(0))), hashValue(at[c]!(rows - 1)))
  }
  return digest
}

/** The one summing loop every implementation uses (four accumulators, as a careful user would write). */
function sumFloat64(values: Float64Array): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  const n = values.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    s0 += values[i]!
    s1 += values[i + 1]!
    s2 += values[i + 2]!
    s3 += values[i + 3]!
  }
  for (; i < n; i++) s0 += values[i]!
  return s0 + s1 + (s2 + s3)
}

// Give every branch of the loop type feedback before the first long call. Otherwise V8 optimises it on stack
// (OSR) while the remainder loop has never run, deoptimises at that loop on every call ("insufficient type
// feedback for compare operation") and, in about half the processes, runs much of each 1M-element chunk in
// the interpreter: a 3x slower scan for whichever implementation draws it. The function is shared by all.
for (let k = 0; k < 200; k++) sumFloat64(new Float64Array(1 + (k % 9)))

// Needs "@lightstream/mmap-native": "workspace:^" in benchmarks/package.json (cases import built packages by name).
const loadMmap = () => import('@lightstream/mmap-native')
const loadArrow = () => import('apache-arrow')

type Impl = Implementation<MmapInput>

/** Ours: every column chunk of every batch, column-major like apache-arrow's table. */
function oursOpenViews(mmap: boolean): Impl {
  return {
    role: mmap ? 'ours' : 'peer',
    async setup(input): Promise<Pass> {
      const { openIPCFile } = await loadMmap()
      const bytes = payloadBytes(input.rows, input.batchRows)
      return () => {
        const reader = openIPCFile(input.path, { mmap, log: false })
        const batches = [...reader]
        let digest = 0
        let items = 0
        for (let c = 0; c < 4; c++) digest = foldColumn(digest, c, batches.map((batch) => batch.getChildAt(c) as unknown as Chunk))
        for (const batch of batches) items += batch.numRows
        void reader.close()
        return { items, bytes, digest }
      }
    },
  }
}

function arrowOpenViews(): Impl {
  return {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const arrow = await loadArrow()
      const bytes = payloadBytes(input.rows, input.batchRows)
      return () => {
        const table = arrow.tableFromIPC(readFileSync(input.path))
        let digest = 0
        for (let c = 0; c < 4; c++) digest = foldColumn(digest, c, table.getChildAt(c)!.data as unknown as Chunk[])
        return { items: table.numRows, bytes, digest }
      }
    },
  }
}

const sumCheck = (input: MmapInput, sum: number): Check => ({ items: input.rows, bytes: input.rows * 8, digest: hashValue(sum) })

function oursSum(): Impl {
  return {
    role: 'ours',
    async setup(input): Promise<Pass> {
      const { openIPCFile } = await loadMmap()
      return () => {
        const reader = openIPCFile(input.path, { log: false })
        let sum = 0
        for (const batch of reader) sum += sumFloat64(batch.getChildAt(1).values as Float64Array)
        void reader.close()
        return sumCheck(input, sum)
      }
    },
  }
}

function arrowSum(): Impl {
  return {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const arrow = await loadArrow()
      return () => {
        const table = arrow.tableFromIPC(readFileSync(input.path))
        let sum = 0
        for (const data of table.getChildAt(1)!.data) sum += sumFloat64(data.values as Float64Array)
        return sumCheck(input, sum)
      }
    },
  }
}

/** Scan only: the column's chunks are obtained once (untimed); a pass sums them. */
function scanImpl(source: 'mmap' | 'apache-arrow' | 'memory'): Impl {
  return {
    role: source === 'mmap' ? 'ours' : 'peer',
    async setup(input): Promise<Pass> {
      let chunks: Float64Array[]
      if (source === 'mmap') {
        const reader = (await loadMmap()).openIPCFile(input.path, { log: false })
        chunks = [...reader].map((batch) => batch.getChildAt(1).values as Float64Array) // kept mapped for the run
      } else if (source === 'apache-arrow') {
        const table = (await loadArrow()).tableFromIPC(readFileSync(input.path))
        chunks = table.getChildAt(1)!.data.map((d) => d.values as Float64Array)
      } else {
        const all = new Float64Array(input.rows)
        for (let i = 0; i < input.rows; i++) all[i] = xAt(i)
        chunks = [all]
      }
      return () => {
        let sum = 0
        for (const chunk of chunks) sum += sumFloat64(chunk)
        return sumCheck(input, sum)
      }
    },
  }
}

function mmapCase(name: string, description: string, peer: string, implementations: Record<string, Impl>, check: 'views' | 'sum'): BenchCase<MmapInput> {
  return defineCase<MmapInput>({
    name,
    description,
    unit: 'bytes',
    peer,
    async prepare({ quick }) {
      const { rows, batchRows } = quick ? QUICK : FULL
      const path = await ensureInput(rows, batchRows)
      const input = { path, rows, batchRows }
      const expect: Check = check === 'views'
        ? { items: rows, bytes: payloadBytes(rows, batchRows), digest: expectedDigest(rows, batchRows) }
        : sumCheck(input, expectedSum(rows))
      return { input, expect }
    },
    implementations,
  })
}

const size = '100M-4col' // `--quick` runs the same cases on 1M rows, like the other case files

export const cases: BenchCase<MmapInput>[] = [
  mmapCase(
    `mmap/open-views/${size}`,
    'open an IPC file (100 batches x 4 columns) and get every column of every batch as a typed array, then close',
    'apache-arrow',
    { 'lightstream-mmap': oursOpenViews(true), 'lightstream-read': oursOpenViews(false), 'apache-arrow': arrowOpenViews() },
    'views',
  ),
  mmapCase(
    `mmap/sum-float64/${size}`,
    'open the file, sum the whole float64 column, close (cold mapping each pass: page faults included)',
    'apache-arrow',
    { 'lightstream-mmap': oursSum(), 'apache-arrow': arrowSum(), 'in-memory-f64': scanImpl('memory') },
    'sum',
  ),
  mmapCase(
    `mmap/scan-float64/${size}`,
    'sum the float64 column, already open (mapped once / read into memory once, untimed)',
    'in-memory-f64',
    { 'lightstream-mmap': scanImpl('mmap'), 'in-memory-f64': scanImpl('memory'), 'apache-arrow': scanImpl('apache-arrow') },
    'sum',
  ),
]

/** Delete the cached input (for `node cases/mmap.ts --clean`). */
export function removeCachedInput(): void {
  for (const rows of [FULL.rows, QUICK.rows]) {
    for (const path of [cachePath(rows), `${cachePath(rows)}.size`]) if (existsSync(path)) unlinkSync(path)
  }
}

if (process.argv.includes('--clean')) removeCachedInput()
else await runIfMain(import.meta.url, cases)
