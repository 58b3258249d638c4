import type { RecordBatch, Schema } from '@lightstream/core'
import type { TextOutput } from '../output/text-output'
import { toText } from './format-value'
import { cellReaders, columnNames, put, type RowWriter } from './row-writer'

/** One CSV field: quoted (RFC 4180, quotes doubled) when it holds a comma, quote, CR or LF, or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Rows as CSV (RFC 4180): a header of column names, then one line per row. Null is an empty field; binary
 * is hex; nested values are JSON text; timestamps and dates are ISO-8601.
 */
export class CsvWriter implements RowWriter {
  readonly #out: TextOutput
  #header: string | undefined

  constructor(schema: Schema, out: TextOutput) {
    this.#out = out
    this.#header = `${columnNames(schema).map(csvField).join(',')}\r\n`
  }

  async #writeHeader(): Promise<void> {
    if (this.#header === undefined) return
    const header = this.#header
    this.#header = undefined
    await put(this.#out, header)
  }

  async rows(batch: RecordBatch, from: number, count: number): Promise<void> {
    await this.#writeHeader()
    const readers = cellReaders(batch)
    for (let row = from; row < from + count; row++) {
      let line = ''
      for (let c = 0; c < readers.length; c++) {
        if (c > 0) line += ','
        line += csvField(toText(readers[c]!(row)))
      }
      await put(this.#out, `${line}\r\n`)
    }
  }

  async end(): Promise<void> {
    await this.#writeHeader()
  }
}
