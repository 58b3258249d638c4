import { Type, type RecordBatch, type Schema } from '@lightstream/core'
import type { TextOutput } from '../output/text-output'
import { toText } from './format-value'
import { cellReaders, columnNames, put, type RowWriter } from './row-writer'

/** Rows whose cells set the column widths. */
const SAMPLE_ROWS = 100
/** Widest a column gets; longer cells end in `…`. */
export const MAX_CELL_WIDTH = 40

const NUMERIC = new Set<number>([Type.Int, Type.Float, Type.Decimal])

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  return toText(value).replace(/[\r\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
}

function fit(text: string, width: number, right: boolean): string {
  if (text.length > width) return `${text.slice(0, Math.max(0, width - 1))}…`
  return right ? text.padStart(width) : text.padEnd(width)
}

/**
 * Rows as an aligned text table for people: a header, a rule, one line per row, then the row count.
 * Column widths come from the header and the first 100 rows (at most 40 characters; longer cells are cut
 * with `…`); numbers are right-aligned; null prints as `null`. Memory: those first 100 rows.
 */
export class TableWriter implements RowWriter {
  readonly #out: TextOutput
  readonly #names: string[]
  readonly #right: boolean[]
  #widths: number[] | undefined
  #sample: string[][] = []

  constructor(schema: Schema, out: TextOutput) {
    this.#out = out
    this.#names = columnNames(schema)
    this.#right = schema.fields.map((f) => NUMERIC.has(f.type.typeId === Type.Dictionary ? f.type.dictionary.typeId : f.type.typeId))
  }

  #line(cells: readonly string[]): string {
    return `${cells.map((c, k) => fit(c, this.#widths![k]!, this.#right[k]!)).join(' │ ').trimEnd()}\n`
  }

  async #start(): Promise<void> {
    const widths = this.#names.map((n) => Math.min(MAX_CELL_WIDTH, Math.max(1, n.length)))
    for (const row of this.#sample) row.forEach((c, k) => (widths[k] = Math.min(MAX_CELL_WIDTH, Math.max(widths[k]!, c.length))))
    this.#widths = widths
    let text = `${this.#names.map((n, k) => fit(n, widths[k]!, false)).join(' │ ').trimEnd()}\n`
    text += `${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`
    for (const row of this.#sample) text += this.#line(row)
    this.#sample = []
    await put(this.#out, text)
  }

  async rows(batch: RecordBatch, from: number, count: number): Promise<void> {
    const readers = cellReaders(batch)
    for (let row = from; row < from + count; row++) {
      const cells = readers.map((read) => cell(read(row)))
      if (this.#widths === undefined) {
        this.#sample.push(cells)
        if (this.#sample.length >= SAMPLE_ROWS) await this.#start()
      } else {
        await put(this.#out, this.#line(cells))
      }
    }
  }

  async end(totalRows: number, limited: boolean): Promise<void> {
    if (this.#widths === undefined) await this.#start()
    const rows = `${totalRows.toLocaleString('en-US')} row${totalRows === 1 ? '' : 's'}`
    await put(this.#out, limited ? `(${rows} shown; more follow — raise --limit)\n` : `(${rows})\n`)
  }
}
