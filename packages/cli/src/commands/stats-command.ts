import { typeToString, type Data } from '@lightstream/core'
import type { Command } from '../cli/command-spec'
import { alignmentOf, dataBytes } from '../format/column-bytes'
import { formatBytes, formatCount } from '../format/human-units'
import type { MessageInfo } from '../input/message-scanner'
import { openIpcInput, type IpcInput } from '../input/open-ipc-input'
import { TextOutput } from '../output/text-output'

/** What `stats --json` prints. */
export interface StatsReport {
  input: string
  format: 'file' | 'stream'
  batches: number
  rows: number
  /** Input size in bytes when known. */
  bytes: number | undefined
  /** Codecs of compressed record batches (empty: uncompressed). */
  compression: string[]
  /** Record batches whose body is compressed. */
  compressedBatches: number
  /** The largest power of two (≤ 64) every non-empty body buffer's position in the input is a multiple of. */
  alignment: number
  columns: { name: string; type: string; nulls: number; bytes: number; dictionaryBytes: number }[]
  /** Copies the reader made (misaligned or byte-swapped buffers); 0 for aligned little-endian input. */
  copies: number
}

function summarizeMessages(messages: readonly MessageInfo[]): Pick<StatsReport, 'compression' | 'compressedBatches' | 'alignment'> {
  const codecs = new Set<string>()
  let compressedBatches = 0
  let alignment = 64
  for (const m of messages) {
    if (m.compression !== undefined) {
      codecs.add(m.compression)
      if (m.type === 'recordBatch') compressedBatches++
    }
    for (const b of m.buffers) if (b.length > 0) alignment = Math.min(alignment, alignmentOf(m.bodyStart + b.offset))
  }
  return { compression: [...codecs], compressedBatches, alignment }
}

/** Read every batch of `input` and total its columns. O(batches × buffers). */
export async function collectStats(input: IpcInput): Promise<StatsReport> {
  const fields = input.schema.fields
  const columns = fields.map((f) => ({ name: f.name, type: typeToString(f.type), nulls: 0, bytes: 0, dictionaryBytes: 0 }))
  const seen = fields.map(() => new Set<Data>())
  let batches = 0
  let rows = 0
  for await (const batch of input.batches()) {
    batches++
    rows += batch.numRows
    batch.columns.forEach((data, k) => {
      columns[k]!.nulls += data.nullCount
      dataBytes(data, seen[k]!, columns[k]!)
    })
  }
  return {
    input: input.label,
    format: input.format,
    batches,
    rows,
    bytes: input.byteLength ?? input.bytesRead(),
    ...summarizeMessages(await input.messages()),
    columns,
    copies: input.stats.copies,
  }
}

function table(rows: string[][], right: boolean[]): string {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)))
  return rows.map((r) => r.map((c, k) => (right[k] ? c.padStart(widths[k]!) : c.padEnd(widths[k]!))).join('  ').trimEnd()).join('\n')
}

/** The text report of `stats`. */
export function formatStats(s: StatsReport): string {
  const compression = s.compression.length === 0 ? 'uncompressed' : `${s.compression.join(', ')} compressed (${s.compressedBatches} of ${s.batches} batches)`
  const lines = [
    `${s.input}: IPC ${s.format}, ${formatCount(s.batches)} record batch${s.batches === 1 ? '' : 'es'}, ${formatCount(s.rows)} rows, ${s.bytes === undefined ? '?' : formatBytes(s.bytes)}`,
    `compression: ${compression}`,
    `alignment: body buffers ${s.alignment}-byte aligned${s.alignment >= 8 ? '' : ' (readers copy misaligned buffers)'}; reader copies: ${s.copies}`,
    '',
  ]
  const header = ['column', 'type', 'nulls', 'bytes', 'dictionary']
  const body = s.columns.map((c) => [c.name, c.type, formatCount(c.nulls), formatBytes(c.bytes), c.dictionaryBytes === 0 ? '' : formatBytes(c.dictionaryBytes)])
  lines.push(table([header, ...body], [false, false, true, true, true]))
  return `${lines.join('\n')}\n`
}

/** `lightstream stats FILE`: batches, rows, bytes per column, compression and alignment. */
export const statsCommand: Command = {
  spec: {
    name: 'stats',
    summary: 'Summarize an Arrow IPC file or stream: record batches, rows, nulls and bytes per column, compression, alignment.',
    positionals: [{ name: 'FILE', description: 'a path, - for stdin, or an http(s) URL' }],
    options: [{ name: 'json', type: 'boolean', description: 'print the report as JSON' }],
    details: [
      'Bytes per column are the sizes of its buffers as read (decompressed), children included; a dictionary counts once per version. Compression and alignment come from the messages\' metadata: alignment is the largest power of two (up to 64) that every non-empty body buffer\'s byte position in the input is a multiple of.',
      'Reads the whole input, batch by batch, in constant memory for streams.',
    ],
    examples: ['lightstream stats data.arrow', 'lightstream stats data.arrows --json'],
  },
  async run(args, io) {
    const input = await openIpcInput(args.positionals[0]!, io, { scan: true })
    try {
      const report = await collectStats(input)
      const out = new TextOutput(io.stdout())
      out.write(args.options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatStats(report))
      await out.flush()
    } finally {
      await input.close()
    }
  },
}
