import { LightstreamError } from '@lightstream/core'
import type { RecordBatch, Schema } from '@lightstream/core'
import { slotComparator } from './compare-data'
import { compareSchemas, fieldLabel } from './compare-schemas'
import type { CompareOptions } from './value-equals'

/** Anything with a schema and record batches: a Table, or what `readIntegrationJson` returns. */
export interface TableLike {
  readonly schema: Schema
  readonly batches: readonly RecordBatch[]
}

/**
 * The first difference between two tables as one human-readable line, or null when they are equal.
 * This is the check of the integration runner's VALIDATE mode, following the rules for comparing with
 * the integration JSON:
 *
 * - schema: field count, then depth first name, nullability, type (dictionary ids are not compared;
 *   index type and ordering are) and, unless `metadata: false`, field and schema metadata as key → value
 *   maps (absent = empty; order-insensitive). Endianness is not compared.
 * - the number of batches, then each batch's row count.
 * - every slot, logically: validity must agree; values are compared only where valid (what the JSON
 *   holds behind a null is arbitrary). Offsets, dictionary ids and indices, view placement and run
 *   boundaries may differ as long as the values read the same. Unions compare type codes, then the
 *   selected child's value.
 * - values exactly: 64-bit integers, times, durations and timestamps as their raw integers in their
 *   unit (so time zones and units are part of the type, never converted), dates as their stored day or
 *   millisecond count (old files hold date64 values that are not whole days; no range checks), decimals
 *   as the unscaled integer (precision is not enforced), strings as their UTF-8 bytes, floats bit-exact
 *   except that NaN equals NaN (`nanEqual`, default true) and -0 differs from +0 unless `signedZerosEqual`.
 *
 * Messages look like `batch 1, row 4, column list_col[] (slot 9): expected 3, actual 4`.
 * Cost: O(values) time; allocates only the values it reads.
 * @throws nothing of its own; a chunk whose buffers are too short for its length reports the reader's
 * error text as the difference instead of throwing.
 */
export function compareTables(expected: TableLike, actual: TableLike, options: CompareOptions = {}): string | null {
  const schemaDiff = compareSchemas(expected.schema, actual.schema, options)
  if (schemaDiff !== null) return schemaDiff
  const eb = expected.batches
  const ab = actual.batches
  if (eb.length !== ab.length) return `expected ${eb.length} record batches, actual ${ab.length}`
  for (let b = 0; b < eb.length; b++) {
    const d = compareBatches(eb[b]!, ab[b]!, b, options)
    if (d !== null) return d
  }
  return null
}

function compareBatches(e: RecordBatch, a: RecordBatch, b: number, options: CompareOptions): string | null {
  if (e.numRows !== a.numRows) return `batch ${b}: expected ${e.numRows} rows, actual ${a.numRows}`
  if (e.columns.length !== a.columns.length) return `batch ${b}: expected ${e.columns.length} columns, actual ${a.columns.length}`
  const fields = e.schema.fields
  for (let c = 0; c < e.columns.length; c++) {
    const ec = e.columns[c]!
    const ac = a.columns[c]!
    const name = fieldLabel(fields[c]!, c)
    if (ec.length !== e.numRows || ac.length !== a.numRows) {
      return `batch ${b}, column ${name}: expected ${ec.length} values, actual ${ac.length} (batch has ${e.numRows} rows)`
    }
    try {
      const compare = slotComparator(ec, ac, name, options)
      for (let r = 0; r < e.numRows; r++) {
        const d = compare(r, r)
        if (d !== null) return `batch ${b}, row ${r}, column ${d}`
      }
    } catch (err) {
      // Data that cannot be read (a buffer shorter than its length says) is a difference, not a crash.
      if (err instanceof LightstreamError) return `batch ${b}, column ${name}: cannot read the data: ${err.message}`
      throw err
    }
  }
  return null
}
