import { DEMO_CATEGORIES, demoRow, writeName } from './demo-table'

const TWO_32 = 4294967296

function bit(bits: Uint8Array | undefined, offset: number, j: number): boolean {
  if (bits === undefined) return true
  const k = offset + j
  return (bits[k >> 3]! & (1 << (k & 7))) !== 0
}

/**
 * Check every value of a demo batch read back (from the file or the socket) against the generator's
 * formulas, straight from the buffers. Returns the first difference, or undefined when all match. O(rows).
 */
export function verifyDemoBatch(batch: { numRows: number; columns: readonly import('@lightstream/core').Data[] }, first: number): string | undefined {
  const [id, value, big, name, category, flag] = batch.columns
  if (id === undefined || value === undefined || big === undefined || name === undefined || category === undefined || flag === undefined) {
    return `expected 6 columns, got ${batch.columns.length}`
  }
  const n = batch.numRows
  const ids = id.values as Int32Array
  const values = value.values as Float64Array
  const bigWords = new Uint32Array(big.values!.buffer, big.values!.byteOffset, big.values!.length * 2)
  const offsets = name.offsets as Int32Array
  const nameBytes = name.values as Uint8Array
  const indices = category.values as Int32Array
  const expectedName = new Uint8Array(32)
  for (let j = 0; j < n; j++) {
    const i = first + j
    if (ids[id.offset + j] !== demoRow.id(i)) return `row ${i}: id ${ids[id.offset + j]} ≠ ${demoRow.id(i)}`
    if (values[value.offset + j] !== demoRow.value(i)) return `row ${i}: value ${values[value.offset + j]} ≠ ${demoRow.value(i)}`
    const isNull = !bit(big.validity, big.offset, j)
    if (isNull !== demoRow.bigIsNull(i)) return `row ${i}: big is ${isNull ? 'null' : 'not null'}`
    if (!isNull) {
      const k = big.offset + j
      const got = bigWords[2 * k]! + bigWords[2 * k + 1]! * TWO_32
      if (got !== demoRow.big(i)) return `row ${i}: big ${got} ≠ ${demoRow.big(i)}`
    }
    const start = offsets[name.offset + j]!
    const length = offsets[name.offset + j + 1]! - start
    const want = writeName(expectedName, 0, i)
    if (length !== want) return `row ${i}: name has ${length} bytes, expected ${want}`
    for (let b = 0; b < want; b++) if (nameBytes[start + b] !== expectedName[b]) return `row ${i}: name differs at byte ${b}`
    const c = indices[category.offset + j]!
    if (c !== demoRow.category(i)) return `row ${i}: category index ${c} ≠ ${demoRow.category(i)}`
    if (bit(flag.values as Uint8Array, flag.offset, j) !== demoRow.flag(i)) return `row ${i}: flag differs`
  }
  const dictionary = category.dictionary
  if (dictionary === undefined || dictionary.length !== DEMO_CATEGORIES.length) return 'category: the dictionary is missing or has the wrong length'
  for (let k = 0; k < DEMO_CATEGORIES.length; k++) if (dictionary.get(k) !== DEMO_CATEGORIES[k]) return `category: dictionary value ${k} differs`
  return undefined
}
