/** The table every browser transport test sends: deterministic, a few MiB, three batches, six types. */
import { RecordBatch, Table, tableFromArrays } from '@lightstream/core'

export const BATCH_ROWS = [70_000, 50_000, 80_000]

/** The same values in every runtime (no randomness, no clock, no transcendental functions). */
export function makeTable(): Table {
  let start = 0
  const batches: RecordBatch[] = []
  let schema: Table['schema'] | undefined
  for (const rows of BATCH_ROWS) {
    const id = new Int32Array(rows)
    const x = new Float64Array(rows)
    const big: (bigint | null)[] = []
    const name: (string | null)[] = []
    const flag: boolean[] = []
    const tags: number[][] = []
    for (let i = 0; i < rows; i++) {
      const r = start + i
      id[i] = r * 7 - 1000
      x[i] = ((r * 1.618033988749895) % 1000) - 500.25 // IEEE-exact operations: Math.sin differs by an ulp between V8 versions
      big.push(r % 11 === 0 ? null : BigInt(r) * 1_000_000_007n - 5n)
      name.push(r % 13 === 0 ? null : `row ${r} ✓ ${'é'.repeat(r % 5)}`)
      flag.push(r % 3 === 0)
      tags.push(r % 7 === 0 ? [] : [r, -r, r % 100])
    }
    const table = tableFromArrays({ id, x, big, name, flag, tags })
    schema ??= table.schema
    batches.push(...table.batches.map((b) => new RecordBatch(schema!, b.columns, b.numRows)))
    start += rows
  }
  return new Table(schema!, batches)
}
