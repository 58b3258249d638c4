/**
 * A short, runtime-independent fingerprint of a table's values, for tests that compare what two runtimes
 * (Node and a browser, two threads) decoded without shipping the values themselves. Structurally typed, so
 * it needs no package import and runs anywhere.
 */

/** The part of a `@lightstream/core` Table the digest reads. */
export interface DigestableTable {
  readonly numRows: number
  readonly numCols: number
  readonly schema: { readonly fields: readonly { readonly name: string; readonly nullable: boolean }[] }
  getChildAt(i: number): { readonly length: number; get(i: number): unknown } | null | undefined
}

/**
 * Every value of every column, rendered canonically (bigints, -0, NaN, dates, bytes, nested lists, structs
 * and maps told apart) and hashed with two 32-bit FNV-1a variants; plus the schema's field names and types.
 */
export function tableDigest(table: DigestableTable): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13)
    }
  }
  feed(`${table.numRows}|${table.schema.fields.map((f) => `${f.name}:${f.nullable}`).join(',')}`)
  for (let c = 0; c < table.numCols; c++) {
    const column = table.getChildAt(c)!
    for (let i = 0; i < column.length; i++) feed(canonical(column.get(i)) + ';')
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`
}

/**
 * One value as canonical text: bigints, -0, NaN, dates, typed arrays (with their class), arrays, maps and
 * plain objects (keys in order) all told apart, so two values render the same only when they are equal.
 */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'bigint':
      return `${value}n`
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return String(value)
    default:
      break
  }
  if (value instanceof Date) return `D${value.getTime()}`
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}[${Array.from(value as unknown as ArrayLike<unknown>, canonical).join(',')}]`
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value instanceof Map) return `M{${[...value].map(([k, v]) => `${canonical(k)}=>${canonical(v)}`).join(',')}}`
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') return `I[${Array.from(value as Iterable<unknown>, canonical).join(',')}]`
  return `{${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
}
