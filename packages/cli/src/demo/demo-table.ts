import { bool, Data, dictionary, field, float64, int32, int64, RecordBatch, schema, utf8, type Schema } from '@lightstream/core'
import { alignedAllocUnsafe } from '@lightstream/core-buffer'

/** The demo's dictionary values (column `category`). */
export const DEMO_CATEGORIES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'] as const

/** Every row whose index ≡ 3 (mod 10) has a null `big`. */
export const DEMO_NULL_EVERY = 10
/** `big` of row i is i × this (exact in an Int64 and in a double up to 2^53). */
export const DEMO_BIG_FACTOR = 1_000_003
const NAME_PREFIX = [0x75, 0x73, 0x65, 0x72, 0x2d] // "user-"
const TWO_32 = 4294967296

/**
 * The demo table's schema: `id` Int32, `value` Float64, `big` Int64 with nulls, `name` Utf8,
 * `category` Dictionary<Int32, Utf8>, `flag` Bool.
 */
export function demoSchema(): Schema {
  return schema([
    field('id', int32(), false),
    field('value', float64(), false),
    field('big', int64(), true),
    field('name', utf8(), false),
    field('category', dictionary(utf8(), int32(), 0), false),
    field('flag', bool(), false),
  ])
}

/** The expected values of row `i`, as the generator writes them and the verifier checks them. */
export const demoRow = {
  id: (i: number): number => i,
  value: (i: number): number => i * 0.25 - 1000.5,
  bigIsNull: (i: number): boolean => i % DEMO_NULL_EVERY === 3,
  big: (i: number): number => i * DEMO_BIG_FACTOR,
  category: (i: number): number => (i * 7 + (i >>> 5)) % DEMO_CATEGORIES.length,
  flag: (i: number): boolean => i % 3 === 0,
}

/** Writes `user-<i>` at `at`; returns the byte count. */
export function writeName(out: Uint8Array, at: number, i: number): number {
  for (let k = 0; k < NAME_PREFIX.length; k++) out[at + k] = NAME_PREFIX[k]!
  let digits = 1
  for (let v = i; v >= 10; v = Math.floor(v / 10)) digits++
  let v = i
  for (let k = digits - 1; k >= 0; k--) {
    out[at + NAME_PREFIX.length + k] = 0x30 + (v % 10)
    v = Math.floor(v / 10)
  }
  return NAME_PREFIX.length + digits
}

function bitmap(length: number, isSet: (j: number) => boolean): Uint8Array {
  const bits = alignedAllocUnsafe(Math.ceil(length / 8), 64).fill(0)
  for (let j = 0; j < length; j++) if (isSet(j)) bits[j >> 3]! |= 1 << (j & 7)
  return bits
}

function categoryDictionary(): Data {
  const bytes = new TextEncoder().encode(DEMO_CATEGORIES.join(''))
  const offsets = new Int32Array(DEMO_CATEGORIES.length + 1)
  DEMO_CATEGORIES.forEach((c, k) => (offsets[k + 1] = offsets[k]! + c.length))
  return new Data({ type: utf8(), length: DEMO_CATEGORIES.length, values: bytes, offsets })
}

/** One batch of rows `[first, first + length)`, every buffer in fresh 64-byte aligned memory. O(length). */
function demoBatch(s: Schema, first: number, length: number, categories: Data): RecordBatch {
  const ids = new Int32Array(alignedAllocUnsafe(length * 4, 64).buffer, 0, length)
  const values = new Float64Array(length)
  const big = alignedAllocUnsafe(length * 8, 64)
  const words = new Uint32Array(big.buffer, big.byteOffset, length * 2)
  const indices = new Int32Array(length)
  const nameOffsets = new Int32Array(length + 1)
  const nameBytes = alignedAllocUnsafe(length * 15, 64)
  let at = 0
  let nulls = 0
  for (let j = 0; j < length; j++) {
    const i = first + j
    ids[j] = demoRow.id(i)
    values[j] = demoRow.value(i)
    if (demoRow.bigIsNull(i)) {
      nulls++
      words[2 * j] = 0
      words[2 * j + 1] = 0
    } else {
      const v = demoRow.big(i)
      words[2 * j] = v % TWO_32
      words[2 * j + 1] = Math.floor(v / TWO_32)
    }
    indices[j] = demoRow.category(i)
    at += writeName(nameBytes, at, i)
    nameOffsets[j + 1] = at
  }
  const type = (k: number) => s.fields[k]!.type
  return new RecordBatch(s, [
    new Data({ type: type(0), length, values: ids }),
    new Data({ type: type(1), length, values }),
    new Data({ type: type(2), length, nullCount: nulls, validity: bitmap(length, (j) => !demoRow.bigIsNull(first + j)), values: big }),
    new Data({ type: type(3), length, values: nameBytes.subarray(0, at), offsets: nameOffsets }),
    new Data({ type: type(4), length, values: indices, dictionary: categories }),
    new Data({ type: type(5), length, values: bitmap(length, (j) => demoRow.flag(first + j)) }),
  ], length)
}

/**
 * The demo data: `rows` rows in batches of `batchRows`, generated straight into typed arrays (no JS objects
 * per row). All batches share one dictionary, so a writer sends it once. O(rows).
 */
export function generateDemoBatches(rows: number, batchRows: number): RecordBatch[] {
  const s = demoSchema()
  const categories = categoryDictionary()
  const batches: RecordBatch[] = []
  for (let first = 0; first < rows; first += batchRows) batches.push(demoBatch(s, first, Math.min(batchRows, rows - first), categories))
  return batches
}
