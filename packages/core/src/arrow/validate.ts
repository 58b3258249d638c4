import { InvalidDataError } from '../errors'
import { countNulls } from './bitmap'
import type { Data } from './data'
import { Type } from './type'
import { typeEquals } from './type-equals'
import { typeToString } from './type-to-string'
import { RecordBatch } from './record-batch'
import { Table } from './table'
import { validateFlat } from './validate-flat'
import { validateNested } from './validate-nested'

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Also check that every Utf8 / LargeUtf8 / Utf8View value is well-formed UTF-8 (default false). */
  readonly utf8?: boolean
  /** Path of the data for messages when validating a bare Data (default: empty). */
  readonly path?: string
}

/** Shared state of one validation run. */
export interface Check {
  readonly utf8: boolean
  /** Validate a child chunk at a path. */
  data(data: Data, path: string): void
}

/**
 * Full structural check of untrusted data — what the IPC reader's output must pass before values are
 * trusted: buffer sizes against length + offset for every layout, offsets monotonic and inside their
 * target (32- and 64-bit), list/struct/union/run-end child lengths, union type codes and dense offsets,
 * run ends, view references, dictionary indices, decimal widths, null counts against the bitmap, and
 * for record batches column count, lengths and types against the schema. O(values) time, allocation-free
 * per slot.
 * @throws InvalidDataError naming the column path (e.g. `"tags[]"`, `"point.x"`) and the problem.
 */
export function validate(target: Data | RecordBatch | Table, options: ValidateOptions = {}): void {
  const check: Check = { utf8: options.utf8 === true, data: (d, path) => validateData(d, path, check) }
  if (target instanceof Table) {
    target.batches.forEach((batch, b) => validateBatch(batch, check, `batch ${b}: `))
  } else if (target instanceof RecordBatch) validateBatch(target, check, '')
  else validateData(target, options.path ?? '', check)
}

function validateBatch(batch: RecordBatch, check: Check, prefix: string): void {
  const fields = batch.schema.fields
  if (batch.columns.length !== fields.length) throw new InvalidDataError(`${prefix}${batch.columns.length} columns for ${fields.length} fields`)
  fields.forEach((f, i) => {
    const path = prefix + (f.name === '' ? `[${i}]` : f.name)
    const column = batch.columns[i]!
    if (!typeEquals(column.type, f.type)) throw new InvalidDataError(`column type ${typeToString(column.type)} differs from the field type ${typeToString(f.type)}`, path)
    if (column.length !== batch.numRows) throw new InvalidDataError(`column length ${column.length} differs from the batch's ${batch.numRows} rows`, path)
    if (!f.nullable && column.nullCount > 0) throw new InvalidDataError(`non-nullable field has ${column.nullCount} nulls`, path)
    check.data(column, path)
  })
}

/** The checks every layout shares, then the layout's own. */
function validateData(data: Data, path: string, check: Check): void {
  const { length, offset, type } = data
  if (!Number.isSafeInteger(length) || length < 0) throw new InvalidDataError(`invalid length ${length}`, path)
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidDataError(`invalid offset ${offset}`, path)
  const nullCount = data.nullCount
  if (nullCount < 0 || nullCount > length) throw new InvalidDataError(`null count ${nullCount} is outside [0, ${length}]`, path)
  const validity = data.validity
  if (validity !== undefined) {
    const need = Math.ceil((offset + length) / 8)
    if (validity.byteLength < need) throw new InvalidDataError(`validity bitmap has ${validity.byteLength} bytes, needs ${need}`, path)
    const counted = countNulls(validity, offset, length)
    if (counted !== nullCount) throw new InvalidDataError(`null count ${nullCount} does not match the ${counted} nulls of the validity bitmap`, path)
  }
  const expected = childCount(data)
  if (expected >= 0 && data.children.length !== expected) {
    throw new InvalidDataError(`${typeToString(type)} needs ${expected} children, has ${data.children.length}`, path)
  }
  if (!validateFlat(data, path, check)) validateNested(data, path, check)
}

/** Number of children the type needs, or -1 when not fixed by the type alone. */
function childCount(data: Data): number {
  const t = data.type
  switch (t.typeId) {
    case Type.Struct:
    case Type.Union: return t.children.length
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView:
    case Type.FixedSizeList:
    case Type.Map: return 1
    case Type.RunEndEncoded: return 2
    default: return 0
  }
}
