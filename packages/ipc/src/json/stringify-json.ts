import type { JsonValue } from './parse-json-lossless'

/**
 * JSON text of a {@link JsonValue}, the inverse of `parseJsonLossless`: a bigint is written as a bare
 * integer with all its digits (which `JSON.stringify` refuses), and the non-finite doubles that JSON
 * cannot write become the strings `"NaN"`, `"Infinity"` and `"-Infinity"`. Keys keep their insertion
 * order; `undefined` members are skipped. O(size of the output).
 * @param indent spaces per nesting level; 0 (default) writes compact text.
 */
export function stringifyJson(value: JsonValue, indent = 0): string {
  const parts: string[] = []
  write(value, indent > 0 ? ' '.repeat(indent) : '', '', parts)
  return parts.join('')
}

function write(value: JsonValue | undefined, step: string, pad: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null')
    return
  }
  switch (typeof value) {
    case 'bigint':
      out.push(value.toString())
      return
    case 'number':
      out.push(Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : `"${String(value)}"`)
      return
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'string':
      out.push(JSON.stringify(value))
      return
    default:
  }
  const inner = pad + step
  const nl = step === '' ? '' : '\n'
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]')
      return
    }
    // Arrays of plain numbers stay on one line: the integration files are mostly such arrays.
    const flat = step !== '' && value.every((v) => typeof v !== 'object' || v === null)
    out.push('[')
    value.forEach((v, i) => {
      if (i > 0) out.push(flat ? ', ' : ',')
      if (!flat) out.push(nl, inner)
      write(v, step, inner, out)
    })
    out.push(flat ? ']' : `${nl}${pad}]`)
    return
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined)
  if (keys.length === 0) {
    out.push('{}')
    return
  }
  out.push('{')
  keys.forEach((k, i) => {
    if (i > 0) out.push(',')
    out.push(nl, inner, JSON.stringify(k), step === '' ? ':' : ': ')
    write(value[k], step, inner, out)
  })
  out.push(`${nl}${pad}}`)
}
