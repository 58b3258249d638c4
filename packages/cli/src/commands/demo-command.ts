import { LightstreamError } from '@lightstream/core'
import type { Command } from '../cli/command-spec'
import { intOption, stringOption } from '../cli/parse-command-line'
import { formatDemoReport } from '../demo/format-demo-report'
import { runDemo } from '../demo/run-demo'
import { TextOutput } from '../output/text-output'

/** A demo that verified wrong data or copied buffers: exit code 1. Code `ERR_CLI_DEMO`. */
export class DemoFailedError extends LightstreamError {
  override name = 'DemoFailedError'
  declare readonly code: 'ERR_CLI_DEMO'
  constructor(message: string) {
    super(message, 'ERR_CLI_DEMO')
  }
}

/** `lightstream demo`: the Quick start — write, map, stream and verify a table, and count the copies. */
export const demoCommand: Command = {
  spec: {
    name: 'demo',
    summary: 'The Quick start: write a generated table as an IPC file, map it back and stream it over TCP zero-copy, verify it, report times and copies.',
    // The full story is in `details`.
    positionals: [],
    options: [
      { name: 'rows', type: 'string', short: 'n', value: 'N', description: 'rows to generate (default 2,000,000; up to 20,000,000)' },
      { name: 'batch-rows', type: 'string', value: 'N', description: 'rows per record batch (default 65,536)' },
      { name: 'json', type: 'boolean', description: 'print the report as JSON' },
      { name: 'dir', type: 'string', value: 'DIR', description: 'where the temporary file goes (default: the OS temp directory)' },
    ],
    details: [
      'Generates a table, writes it as a 64-byte aligned IPC file in a temporary directory, reads it back zero-copy, streams it over loopback TCP to a receiver, verifies every value on both paths, and prints sizes, times, throughputs and the number of buffer copies (zero). The file is removed at the end.',
      'Columns: id Int32, value Float64, big Int64 with nulls, name Utf8, category Dictionary<Int32, Utf8>, flag Bool (about 40 bytes a row: 2M rows make an 80 MB file). The file is memory-mapped with @lightstream/mmap-native (positional reads when its addon is not built) and each batch is a set of views of the mapping; the TCP receiver reads into 64-byte aligned socket buffers, so its batches are views too.',
      'Copies are counted, not assumed: "column buffer copies" adds the writers\' copies and the readers\' ReadStats.copies (misaligned buffers); "socket reads joined" reports, separately, messages that arrived split across socket read buffers and were made contiguous (ReadStats.framingCopies). Exit code 1 when a value differs or a column buffer was copied.',
    ],
    examples: ['lightstream demo', 'lightstream demo --rows 100000 --json'],
  },
  async run(args, io) {
    const rows = intOption(args, 'demo', 'rows', 1, 20_000_000, 2_000_000)
    const batchRows = intOption(args, 'demo', 'batch-rows', 1, 2 ** 31 - 1, 65_536)
    const dir = stringOption(args, 'dir')
    const report = await runDemo({ rows, batchRows, ...(dir === undefined ? {} : { dir }), ...(io.signal === undefined ? {} : { signal: io.signal }) })
    const out = new TextOutput(io.stdout())
    out.write(args.options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatDemoReport(report))
    await out.flush()
    if (!report.ok) throw new DemoFailedError(`demo failed: ${report.failure ?? 'unknown'}`)
  },
}
