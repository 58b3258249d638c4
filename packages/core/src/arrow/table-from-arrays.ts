import { InvalidArgumentError } from '../errors'
import type { BuildOptions } from './builder-context'
import type { TypedArray } from './buffer-views'
import { Column } from './column'
import { dataFromArray } from './column-from-array'
import { Data } from './data'
import type { DataType } from './data-type'
import { field, type Field } from './field'
import { RecordBatch } from './record-batch'
import { schema } from './schema'
import { Table } from './table'

/** Options of {@link tableFromArrays}: build options for every column plus per-column types. */
export interface TableFromArraysOptions extends Omit<BuildOptions, 'name'> {
  /** Explicit types by column name; other array columns are inferred. */
  readonly types?: Readonly<Record<string, DataType>>
}

/** A column given to {@link tableFromArrays}. */
export type ColumnInput = ArrayLike<unknown> | TypedArray | Column | Data

/**
 * Build a {@link Table} from named columns: arrays and typed arrays (built as by `columnFromArray`,
 * typed arrays zero-copy), existing Columns or Data chunks (used as they are, no copy). Columns chunked
 * differently are aligned by slicing at the union of their chunk boundaries (O(chunks), slices share
 * buffers), giving one RecordBatch per aligned range. The table reads with the value options in `options`.
 * @throws InvalidArgumentError when columns have different lengths or a value does not fit its type.
 * @throws AllocationError when a buffer cannot be allocated.
 */
export function tableFromArrays(columns: Readonly<Record<string, ColumnInput>>, options: TableFromArraysOptions = {}): Table {
  const fields: Field[] = []
  const chunked: (readonly Data[])[] = []
  let length = -1
  for (const [name, input] of Object.entries(columns)) {
    let chunks: readonly Data[]
    let f: Field
    if (input instanceof Column) {
      chunks = input.data
      f = input.field ? { ...input.field, name } : field(name, input.type)
    } else {
      const data = input instanceof Data ? input : dataFromArray(input, options.types?.[name], { ...options, name })
      chunks = [data]
      f = field(name, data.type)
    }
    const n = chunks.reduce((sum, d) => sum + d.length, 0)
    if (length >= 0 && n !== length) throw new InvalidArgumentError(`column "${name}" has ${n} rows, the columns before it ${length}`)
    length = n
    fields.push(f)
    chunked.push(chunks)
  }
  const s = schema(fields)
  if (fields.length === 0) return new Table(s, [], options)
  const bounds = boundaries(chunked)
  const sliced = chunked.map((chunks) => sliceAt(chunks, bounds))
  const batches: RecordBatch[] = []
  for (let b = 0; b + 1 < bounds.length; b++) batches.push(new RecordBatch(s, sliced.map((c) => c[b]!), bounds[b + 1]! - bounds[b]!))
  return new Table(s, batches, options)
}

/** Sorted union of every column's chunk ends, starting at 0 (a single [0, 0] range for empty columns). */
function boundaries(columns: readonly (readonly Data[])[]): number[] {
  const set = new Set<number>([0])
  for (const chunks of columns) {
    let end = 0
    for (const d of chunks) set.add((end += d.length))
  }
  const out = [...set].sort((a, b) => a - b)
  return out.length === 1 ? [0, 0] : out
}

/** The chunks cut at `bounds`: one Data per range, the original chunk when it matches exactly. */
function sliceAt(chunks: readonly Data[], bounds: readonly number[]): Data[] {
  const out: Data[] = []
  let k = 0
  let start = 0
  for (let b = 0; b + 1 < bounds.length; b++) {
    const lo = bounds[b]!
    const hi = bounds[b + 1]!
    while (k < chunks.length - 1 && start + chunks[k]!.length <= lo) start += chunks[k++]!.length
    const chunk = chunks[k]
    if (chunk === undefined) throw new InvalidArgumentError('a column has no chunks')
    out.push(lo === start && hi - lo === chunk.length ? chunk : chunk.slice(lo - start, hi - lo))
  }
  return out
}
