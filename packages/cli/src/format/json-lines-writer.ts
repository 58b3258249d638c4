import type { RecordBatch, Schema } from '@lightstream/core'
import type { TextOutput } from '../output/text-output'
import { toJsonValue } from './format-value'
import { cellReaders, columnNames, put, type RowWriter } from './row-writer'

/**
 * Rows as JSON Lines: one object per line, keys in schema order. 64-bit integers are numbers when exact and
 * strings beyond 2^53; binary is base64; timestamps and dates are ISO-8601 strings; NaN and ±Infinity are
 * strings. Constant memory: each row is written as it is formatted.
 */
export class JsonLinesWriter implements RowWriter {
  readonly #out: TextOutput
  readonly #keys: string[]

  constructor(schema: Schema, out: TextOutput) {
    this.#out = out
    this.#keys = columnNames(schema).map((name) => JSON.stringify(name))
  }

  async rows(batch: RecordBatch, from: number, count: number): Promise<void> {
    const readers = cellReaders(batch)
    for (let row = from; row < from + count; row++) {
      let line = '{'
      for (let c = 0; c < readers.length; c++) {
        if (c > 0) line += ','
        line += `${this.#keys[c]}:${JSON.stringify(toJsonValue(readers[c]!(row)))}`
      }
      await put(this.#out, `${line}}\n`)
    }
  }

  async end(): Promise<void> {}
}
