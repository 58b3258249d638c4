import { InvalidArgumentError, OutOfRangeError } from '../errors'
import type { Data } from './data'
import type { Schema } from './schema'

/**
 * One batch of rows: a schema and one {@link Data} chunk per field, all `numRows` long — the unit an
 * IPC stream carries. Construction is O(fields) and copies nothing.
 */
export class RecordBatch {
  readonly schema: Schema
  readonly numRows: number
  readonly columns: readonly Data[]

  /**
   * @param numRows defaults to the first column's length (0 without columns).
   * @throws InvalidArgumentError when the number of columns differs from the number of fields, or
   * numRows is not a non-negative integer.
   */
  constructor(schema: Schema, columns: readonly Data[], numRows?: number) {
    if (columns.length !== schema.fields.length) {
      throw new InvalidArgumentError(`record batch has ${columns.length} columns for ${schema.fields.length} fields`)
    }
    const rows = numRows ?? columns[0]?.length ?? 0
    if (!Number.isSafeInteger(rows) || rows < 0) throw new InvalidArgumentError(`record batch row count must be a non-negative integer, got ${rows}`)
    this.schema = schema
    this.columns = columns
    this.numRows = rows
  }

  /** Number of columns. */
  get numCols(): number {
    return this.columns.length
  }

  /** The chunk of the first field named `name`, or null. O(fields). */
  getChild(name: string): Data | null {
    const i = this.schema.fields.findIndex((f) => f.name === name)
    return i < 0 ? null : this.columns[i]!
  }

  /**
   * The chunk of field `i`. O(1).
   * @throws OutOfRangeError when there is no field `i`.
   */
  getChildAt(i: number): Data {
    const column = this.columns[i]
    if (column === undefined || !Number.isInteger(i)) throw new OutOfRangeError(`column ${i} is outside [0, ${this.columns.length})`)
    return column
  }
}
