import { formatBytes, formatCount, formatDuration, formatRate } from '../format/human-units'
import type { DemoReport } from './run-demo'

function row(label: string, what: string, ms: string, rate = '', note = ''): string {
  return `  ${label.padEnd(16)}${what.padEnd(40)}${ms.padStart(9)}  ${rate.padStart(10)}${note === '' ? '' : `  ${note}`}`.trimEnd()
}

/** The demo report for people: one line per step, then the copies. */
export function formatDemoReport(r: DemoReport): string {
  const types = r.columns.map((c) => `${c.name}: ${c.type}`).join(', ')
  const lines = [
    `lightstream demo: ${formatCount(r.rows)} rows × ${r.columns.length} columns (${types})`,
    '',
    row('generate', `${formatCount(r.batches)} record batches in memory`, formatDuration(r.generateMs)),
    row('write file', `${formatBytes(r.file.bytes)} IPC file, 64-byte aligned`, formatDuration(r.file.writeMs), formatRate(r.file.bytes, r.file.writeMs), r.file.path),
    row(
      'read file',
      r.read.access === 'mmap' ? `memory-mapped, ${formatCount(r.batches)} batches as views` : `positional reads (no mmap addon), ${formatCount(r.batches)} batches`,
      formatDuration(r.read.openMs + r.read.readMs),
      '',
      `${r.read.copies} copies`,
    ),
    row('verify', r.read.verified ? `${formatCount(r.rows)} rows, all values match` : 'MISMATCH', formatDuration(r.read.verifyMs)),
    row('stream TCP', `${formatBytes(r.tcp.bytes)} over ${r.tcp.url.replace(/^tcp:\/\//, '')}`, formatDuration(r.tcp.ms), formatRate(r.tcp.bytes, r.tcp.ms), `${r.tcp.copies} copies`),
    row('verify', r.tcp.verified ? `${formatCount(r.rows)} rows, all values match` : 'MISMATCH', formatDuration(r.tcp.verifyMs)),
    '',
    `  column buffer copies: ${r.columnBufferCopies} (writers ${r.file.writerCopies + r.tcp.writerCopies}, file reader ${r.read.copies}, socket reader ${r.tcp.copies})`,
    r.tcp.framingCopies === 0
      ? '  socket reads joined: none (every message arrived in one contiguous read buffer)'
      : r.tcp.framingCopies === 1
        ? `  socket reads joined: 1 message spanned read buffers and was made contiguous with one copy (${formatBytes(r.tcp.framingCopiedBytes)} of ${formatBytes(r.tcp.bytes)})`
        : `  socket reads joined: ${formatCount(r.tcp.framingCopies)} messages spanned read buffers and were made contiguous with one copy each (${formatBytes(r.tcp.framingCopiedBytes)} of ${formatBytes(r.tcp.bytes)})`,
    '  temporary file removed',
  ]
  lines.push('', r.ok ? 'demo: OK — zero copies of column buffers' : `demo: FAILED — ${r.failure ?? 'unknown'}`)
  return `${lines.join('\n')}\n`
}
