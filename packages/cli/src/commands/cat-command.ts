import type { RecordBatch } from '@lightstream/core'
import type { Command } from '../cli/command-spec'
import { choiceOption, intOption } from '../cli/parse-command-line'
import { CsvWriter } from '../format/csv-writer'
import { JsonLinesWriter } from '../format/json-lines-writer'
import type { RowWriter } from '../format/row-writer'
import { TableWriter } from '../format/table-writer'
import { openIpcInput } from '../input/open-ipc-input'
import { TextOutput } from '../output/text-output'

const FORMATS = ['table', 'json', 'csv'] as const

/**
 * `lightstream cat FILE`: print rows as a text table, JSON Lines or CSV. Streams batch by batch in
 * constant memory; stops reading at `--limit`.
 */
export const catCommand: Command = {
  spec: {
    name: 'cat',
    summary: 'Print the rows of an Arrow IPC file or stream as a text table, JSON Lines or CSV.',
    positionals: [{ name: 'FILE', description: 'a path, - for stdin, or an http(s) URL' }],
    options: [
      { name: 'limit', type: 'string', short: 'n', value: 'N', description: 'print at most N rows (default: all)' },
      { name: 'format', type: 'string', short: 'f', value: 'FMT', description: 'table (default), json (JSON Lines: one object per row) or csv' },
    ],
    details: [
      'Values: 64-bit integers are exact; timestamps and dates print as ISO-8601 UTC (exact to their unit); binary prints as hex (base64 in JSON); nested values print as JSON. In a table, null prints as null and cells are cut at 40 characters; in CSV, null is an empty field.',
      'Reading stops once --limit rows are printed, so `cat --limit 10` of a large stream reads only its first batches.',
    ],
    examples: ['lightstream cat data.arrow --limit 20', 'lightstream cat data.arrows --format csv > data.csv', 'lightstream cat - --format json < data.arrows'],
  },
  async run(args, io) {
    const limit = intOption(args, 'cat', 'limit', 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    const format = choiceOption(args, 'cat', 'format', FORMATS, 'table', { jsonl: 'json', ndjson: 'json', text: 'table' })
    const input = await openIpcInput(args.positionals[0]!, io)
    try {
      const out = new TextOutput(io.stdout())
      const writer: RowWriter =
        format === 'json' ? new JsonLinesWriter(input.schema, out) : format === 'csv' ? new CsvWriter(input.schema, out) : new TableWriter(input.schema, out)
      let printed = 0
      let limited = false
      const iterator = input.batches()[Symbol.asyncIterator]()
      for (;;) {
        const next = await iterator.next()
        if (next.done === true) break
        const batch: RecordBatch = next.value
        const count = Math.min(batch.numRows, limit - printed)
        if (count > 0) await writer.rows(batch, 0, count)
        printed += count
        if (printed >= limit) {
          // More rows follow if this batch had more, or another non-empty batch comes.
          limited = count < batch.numRows
          while (!limited) {
            const more = await iterator.next()
            if (more.done === true) break
            limited = more.value.numRows > 0
          }
          await iterator.return?.()
          break
        }
      }
      await writer.end(printed, limited)
      await out.flush()
    } finally {
      await input.close()
    }
  },
}
