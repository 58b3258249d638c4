/**
 * Arrow IPC against apache-arrow and @uwdata/flechette, on the same bytes.
 *
 * Every case's input is one Arrow IPC stream written by apache-arrow (`lib/write-arrow-input.ts`) from
 * seeded columns (`lib/arrow-columns.ts`): int32, float64, int64 with nulls, utf8 with nulls,
 * dictionary<int32, utf8>, bool.
 *
 * - `ipc/decode/<table>`: `tableFromIPC(bytes)`, then `getChildAt(i)` for every column, reading the
 *   first, middle and last value of each (the check).
 * - `ipc/decode-scan/<table>`: the same, plus every float64 column summed through `toArray()` and every
 *   1000th value of every column read with `get`/`at`, so the values are touched, not just reachable.
 * - `ipc/encode/<table>`: `tableToIPC(table)`, one contiguous stream. Each side's table is its own reader's
 *   result on the input bytes (built once, untimed); only the encode is timed. The reference row
 *   `copy-floor` (1M-mixed only) copies our encoded stream into a fresh array: the least any contiguous
 *   encode can cost.
 * - `ipc/encode-huge-pages/<table>`: ours `tableToIPC(table, { allocator: hugePageAllocator() })`, the opt-in
 *   allocator of `@lightstream/mmap-native` (output of 32 MiB or more in 2 MiB pages); peers as in `encode`.
 *   Fails in setup, with the reason, where huge pages are unavailable.
 * - `ipc/encode-parts/<table>`: ours `tableToIPCParts`; flechette `tableToIPC` with a sink that keeps the
 *   pieces (`flechette-sink`); apache-arrow has no synchronous parts API, so its contiguous `tableToIPC`.
 *
 * Checks: a decode pass digests the table's shape (rows, columns, each column's length and chunk count) and
 * the sampled values; it must equal the digest of the generated columns. An encode implementation encodes
 * once in setup, decodes that output with its own reader and must give the expected digest (values sampled
 * at ~2000 rows per column, float64 columns summed); each timed pass must then produce output of the same
 * length and sampled bytes (contiguous) or the same part count and part lengths (parts), or it fails.
 */
import { runIfMain } from '../lib/child'
import { defineCase, type BenchCase, type Check, type Implementation, type Pass } from '../lib/define-case'
import { mixedTable, payloadBytes, wideTable, type RawTable } from '../lib/arrow-columns'
import { loadLib, type DecodedTable, type LibName } from '../lib/ipc-libs'
import { digestRaw, digestTable, edgeRows, foldDigest, foldSum, sampleRows } from '../lib/table-digest'
import { writeArrowInput } from '../lib/write-arrow-input'

interface IpcInput {
  /** The IPC stream every implementation reads. */
  bytes: Uint8Array
  /** Payload bytes of the table (the throughput's unit). */
  payload: number
  /** Rows whose values the check reads in every column. */
  rows: number[]
  /** Indices of the float64 columns, summed when `scan` is set. */
  float64: number[]
  scan: boolean
}

interface Workload {
  label: string
  what: string
  make(quick: boolean): RawTable
}

const WORKLOADS = {
  '1M': { label: '1M-mixed', what: '1M rows x 6 columns (int32, float64, int64+nulls, utf8+nulls, dict<int32,utf8>, bool), one batch', make: (q) => mixedTable(q ? 10_000 : 1_000_000, q ? 10_000 : 1_000_000, 1) },
  '100k': { label: '100k-mixed', what: 'the same 6 columns, 100k rows, one batch', make: (q) => mixedTable(q ? 1_000 : 100_000, q ? 1_000 : 100_000, 1) },
  wide: { label: 'wide-200x10k', what: '200 columns cycling the 6 types (33 dictionaries), 10k rows, one batch', make: (q) => wideTable(200, q ? 100 : 10_000, 2) },
  batches: { label: 'batches-10kx10', what: 'the same 6 columns, 100k rows as 10,000 batches of 10 rows', make: (q) => mixedTable(q ? 1_000 : 100_000, 10, 1) },
} satisfies Record<string, Workload>

type Sampling = 'edges' | 'scan' | 'verify'

async function prepare(workload: Workload, sampling: Sampling, quick: boolean): Promise<{ input: IpcInput; expect: Check }> {
  const raw = workload.make(quick)
  const bytes = await writeArrowInput(raw)
  const n = raw.numRows
  const rows = sampling === 'edges' ? edgeRows(n) : sampleRows(n, sampling === 'scan' ? 1000 : Math.max(1, Math.floor(n / 2000)))
  const scan = sampling !== 'edges'
  const float64 = raw.columns.flatMap((c, k) => (c.kind === 'f64' ? [k] : []))
  const payload = payloadBytes(raw)
  return { input: { bytes, payload, rows, float64, scan }, expect: { items: n, bytes: payload, digest: digestRaw(raw, rows, scan) } }
}

/** What a decoded table gives for `input`'s sampling. */
function tableCheck(table: DecodedTable, input: IpcInput): Check {
  let digest = digestTable(table.numRows, table.columns, input.rows)
  if (input.scan) for (const k of input.float64) digest = foldSum(digest, table.columns[k]!.toArray() as ArrayLike<number>)
  return { items: table.numRows, bytes: input.payload, digest }
}

/** Length and 64 evenly spaced bytes of a contiguous output. */
function bytesSignature(bytes: Uint8Array): number {
  let h = foldDigest(0, bytes.length)
  const step = Math.max(1, Math.floor(bytes.length / 64))
  for (let i = 0; i < bytes.length; i += step) h = foldDigest(h, bytes[i]!)
  return h
}

/** Part count and every part's length (what a vectored write needs to walk anyway). */
function partsSignature(parts: readonly Uint8Array[]): number {
  let h = foldDigest(0, parts.length)
  for (const part of parts) h = foldDigest(h, part.length)
  return h
}

function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

type Impl = Implementation<IpcInput>

function decodeImpl(lib: LibName, role: 'ours' | 'peer'): Impl {
  return {
    role,
    async setup(input): Promise<Pass> {
      const { read, columns } = await loadLib(lib)
      const { bytes } = input
      return () => tableCheck(columns(read(bytes)), input)
    },
  }
}

/**
 * The reference row `copy-floor`: our encoder's output for the table (made once, in setup) copied into a
 * fresh `Uint8Array` of its length. No encoder can produce that stream with less work than this (one
 * allocation, every byte written once), so the encode rows read against it show how much of their time is
 * that floor. Checked like an encoder: the copy, decoded by our reader, must give the expected digest.
 */
function copyFloorImpl(): Impl {
  return {
    role: 'peer',
    async setup(input): Promise<Pass> {
      const ours = await loadLib('lightstream')
      const encoded = ours.write(ours.read(input.bytes))
      const copy = (): Uint8Array => {
        const out = new Uint8Array(encoded.length)
        out.set(encoded)
        return out
      }
      const check = tableCheck(ours.columns(ours.read(copy())), input)
      const signature = bytesSignature(encoded)
      return () => {
        if (bytesSignature(copy()) !== signature) throw new Error('copy-floor: the copy differs from the stream it copies')
        return check
      }
    },
  }
}

/** Our contiguous encode into memory from the opt-in huge-page allocator; throws where it is inactive. */
async function hugePageWrite(): Promise<(table: unknown) => Uint8Array> {
  const [{ tableToIPC }, { hugePageAllocator }] = await Promise.all([import('@lightstream/ipc'), import('@lightstream/mmap-native')])
  const allocator = hugePageAllocator()
  if (!allocator.status.active) throw new Error(`huge pages are unavailable: ${allocator.status.reason}`)
  return (table) => tableToIPC(table as Parameters<typeof tableToIPC>[0], { allocator })
}

/**
 * Encode contiguous (`parts` false) or to parts; verified once by decoding the output with the same library.
 * `hugePages`: ours through the huge-page allocator.
 */
function encodeImpl(lib: LibName, role: 'ours' | 'peer', parts: boolean, hugePages = false): Impl {
  return {
    role,
    async setup(input): Promise<Pass> {
      const loaded = await loadLib(lib)
      const impl = hugePages ? { ...loaded, write: await hugePageWrite() } : loaded
      const table = impl.read(input.bytes)
      if (parts) {
        const writeParts = impl.writeParts
        if (writeParts === undefined) throw new Error(`${lib} has no parts API`)
        const first = writeParts(table)
        const check = tableCheck(impl.columns(impl.read(joinParts(first))), input)
        const signature = partsSignature(first)
        return () => {
          const out = writeParts(table)
          if (partsSignature(out) !== signature) throw new Error(`${lib}: this pass's parts differ from the verified ones`)
          return check
        }
      }
      const first = impl.write(table)
      const check = tableCheck(impl.columns(impl.read(first)), input)
      const signature = bytesSignature(first)
      return () => {
        const out = impl.write(table)
        if (bytesSignature(out) !== signature) throw new Error(`${lib}: this pass's output differs from the verified one`)
        return check
      }
    },
  }
}

const KINDS = {
  decode: {
    what: 'tableFromIPC + getChildAt for every column (3 values read per column)',
    sampling: 'edges',
    peer: 'apache-arrow',
    implementations: { lightstream: decodeImpl('lightstream', 'ours'), 'apache-arrow': decodeImpl('apache-arrow', 'peer'), flechette: decodeImpl('flechette', 'peer') },
  },
  'decode-scan': {
    what: 'decode as above, then sum the float64 column(s) via toArray and read every 1000th value of every column',
    sampling: 'scan',
    peer: 'apache-arrow',
    implementations: { lightstream: decodeImpl('lightstream', 'ours'), 'apache-arrow': decodeImpl('apache-arrow', 'peer'), flechette: decodeImpl('flechette', 'peer') },
  },
  encode: {
    what: 'tableToIPC to one contiguous stream (the table built once by the same library\'s reader); copy-floor: our output copied into a fresh array, the least a contiguous encode can cost',
    sampling: 'verify',
    peer: 'apache-arrow',
    implementations: { lightstream: encodeImpl('lightstream', 'ours', false), 'apache-arrow': encodeImpl('apache-arrow', 'peer', false), flechette: encodeImpl('flechette', 'peer', false), 'copy-floor': copyFloorImpl() },
  },
  'encode-huge-pages': {
    what: 'tableToIPC to one contiguous stream; ours into huge-page memory (opt-in hugePageAllocator of @lightstream/mmap-native), peers as in encode',
    sampling: 'verify',
    peer: 'apache-arrow',
    implementations: { lightstream: encodeImpl('lightstream', 'ours', false, true), 'apache-arrow': encodeImpl('apache-arrow', 'peer', false), flechette: encodeImpl('flechette', 'peer', false) },
  },
  'encode-parts': {
    what: 'encode to a list of parts (ours tableToIPCParts; flechette-sink: its tableToIPC with a collecting sink; apache-arrow: contiguous tableToIPC, it has no sync parts API)',
    sampling: 'verify',
    peer: 'flechette-sink',
    implementations: { lightstream: encodeImpl('lightstream', 'ours', true), 'flechette-sink': encodeImpl('flechette', 'peer', true), 'apache-arrow': encodeImpl('apache-arrow', 'peer', false) },
  },
} satisfies Record<string, { what: string; sampling: Sampling; peer: string; implementations: Record<string, Impl> }>

const PLAN: [keyof typeof KINDS, (keyof typeof WORKLOADS)[]][] = [
  ['decode', ['1M', '100k', 'wide', 'batches']],
  ['decode-scan', ['1M']],
  ['encode', ['1M', 'wide', 'batches']],
  ['encode-huge-pages', ['1M']],
  ['encode-parts', ['1M', '100k', 'wide', 'batches']],
]

/**
 * The encode cases other than 1M-mixed without the `copy-floor` row. Their outputs are under glibc's 32 MiB
 * mmap threshold, so a pass's allocation may reuse freed heap memory or fault in fresh pages, depending on how
 * many earlier outputs each collection freed at once; a floor process, which makes almost no other garbage,
 * and an encoder process land in different regimes (measured: the copy 1-6 ms, our encode 4-13 ms, for the
 * wide table's 12 MB, from process to process), so the row would not be a floor there.
 */
function withoutFloor(implementations: Record<string, Impl>): Record<string, Impl> {
  const { 'copy-floor': _floor, ...rest } = implementations
  return rest
}

export const cases: BenchCase<IpcInput>[] = PLAN.flatMap(([kind, workloads]) =>
  workloads.map((w) => {
    const k = KINDS[kind]
    const workload: Workload = WORKLOADS[w]
    return defineCase<IpcInput>({
      name: `ipc/${kind}/${workload.label}`,
      description: `${k.what}; ${workload.what}`,
      unit: 'bytes',
      peer: k.peer,
      prepare: ({ quick }) => prepare(workload, k.sampling, quick),
      implementations: kind === 'encode' && w !== '1M' ? withoutFloor(k.implementations) : k.implementations,
      ...(kind === 'encode-huge-pages' ? { nodeOnly: true } : {}),
    })
  }),
)

await runIfMain(import.meta.url, cases)
