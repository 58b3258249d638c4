import type { Data, RecordBatch, Schema } from '@lightstream/core'
import type { TextOutput } from '../output/text-output'
import { CAT_VALUE_OPTIONS, columnPresenter } from './format-value'

/** Prints rows of record batches in one text format (`cat --format`). */
export interface RowWriter {
  /** Print `count` rows of `batch` from row `from`. */
  rows(batch: RecordBatch, from: number, count: number): Promise<void>
  /** Print whatever ends the output (a table's closing line and row count). */
  end(totalRows: number, limited: boolean): Promise<void>
}

/** The value reader of one column: getter, then the type's presentation (ISO timestamps...). */
export type CellReader = (row: number) => unknown

/** One reader per column of a batch. O(columns). */
export function cellReaders(batch: RecordBatch): CellReader[] {
  return batch.columns.map((data: Data) => {
    const get = data.getter(CAT_VALUE_OPTIONS)
    const present = columnPresenter(data.type)
    return present === undefined ? get : (row: number) => {
      const v = get(row)
      return v === null ? null : present(v)
    }
  })
}

/** The names of the columns, for headers. */
export function columnNames(schema: Schema): string[] {
  return schema.fields.map((f) => f.name)
}

/** Awaits a TextOutput write only when it returned a promise. */
export async function put(out: TextOutput, text: string): Promise<void> {
  const wait = out.write(text)
  if (wait !== undefined) await wait
}
