import { InvalidArgumentError, OutOfRangeError } from '../errors'
import { Column } from './column'
import type { Data } from './data'
import type { RecordBatch } from './record-batch'
import type { Schema } from './schema'
import type { ValueGetter } from './value-getter'
import type { ValueOptions } from './value-options'

/**
 * A table: a schema and a list of {@link RecordBatch}es, read column by column through {@link Column}s
 * (one chunk per batch) or row by row. Construction is O(batches): no per-row work, nothing decoded.
 * The value options given here apply to every column and row read from the table.
 */
export class Table implements Iterable<Record<string, unknown>> {
  readonly schema: Schema
  readonly batches: readonly RecordBatch[]
  readonly numRows: number
  readonly options: ValueOptions
  private readonly columns: (Column | undefined)[]

  /** @throws InvalidArgumentError when a batch has a different number of columns than the schema has fields. */
  constructor(schema: Schema, batches: readonly RecordBatch[], options: ValueOptions = {}) {
    let rows = 0
    for (const batch of batches) {
      if (batch.columns.length !== schema.fields.length) {
        throw new InvalidArgumentError(`a batch has ${batch.columns.length} columns but the table schema has ${schema.fields.length} fields`)
      }
      rows += batch.numRows
    }
    this.schema = schema
    this.batches = batches
    this.numRows = rows
    this.options = options
    this.columns = new Array<Column | undefined>(schema.fields.length)
  }

  /** Number of columns. */
  get numCols(): number {
    return this.schema.fields.length
  }

  /** The column of the first field named `name`, or null. O(fields) the first time, then cached. */
  getChild(name: string): Column | null {
    const i = this.schema.fields.findIndex((f) => f.name === name)
    return i < 0 ? null : this.getChildAt(i)
  }

  /**
   * The column of field `i`, with one chunk per batch and the table's value options. O(batches) the
   * first time, then cached.
   * @throws OutOfRangeError when there is no field `i`.
   */
  getChildAt(i: number): Column {
    const field = this.schema.fields[i]
    if (field === undefined || !Number.isInteger(i)) throw new OutOfRangeError(`column ${i} is outside [0, ${this.numCols})`)
    const cached = this.columns[i]
    if (cached !== undefined) return cached
    const batches = this.batches
    const chunks = new Array<Data>(batches.length)
    for (let b = 0; b < batches.length; b++) chunks[b] = batches[b]!.columns[i]!
    return (this.columns[i] = new Column(chunks, this.options, field))
  }

  /** Every row as a plain object `{ name: value }` (duplicate names: the last field wins). O(rows × columns). */
  toArray(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = []
    for (const row of this) out.push(row)
    return out
  }

  /** Iterates the rows as plain objects, batch by batch. */
  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    const names = this.schema.fields.map((f) => f.name)
    const safe = !names.includes('__proto__')
    const columns = names.map((_, k) => this.getChildAt(k))
    for (let b = 0; b < this.batches.length; b++) {
      const getters: ValueGetter[] = columns.map((c) => c.getterAt(b))
      const rows = this.batches[b]!.numRows
      for (let r = 0; r < rows; r++) {
        const row: Record<string, unknown> = {}
        for (let k = 0; k < names.length; k++) {
          if (safe) row[names[k]!] = getters[k]!(r)
          else Object.defineProperty(row, names[k]!, { value: getters[k]!(r), enumerable: true, writable: true, configurable: true })
        }
        yield row
      }
    }
  }
}
