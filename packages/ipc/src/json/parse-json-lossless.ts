import { InvalidArgumentError } from '@lightstream/core'

/**
 * A JSON parser that keeps integers exact. `JSON.parse` turns every number into a double, so an integer
 * beyond 2^53 (such as the bare MONTH_DAY_NANO `nanoseconds` of the Arrow integration JSON) silently
 * loses its low digits. Here an integer literal (no fraction, no exponent) that is not a safe integer
 * becomes a bigint; every other number is a double as usual. Objects have no prototype, so a
 * `"__proto__"` key is an ordinary key.
 */

/** A parsed JSON value. Integers beyond ±(2^53 - 1) are bigints. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject
/** A parsed JSON object (prototype-less, so any key is safe). */
export interface JsonObject {
  [key: string]: JsonValue
}

/** Options of {@link parseJsonLossless}. */
export interface ParseJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default 512): bounds the recursion. */
  readonly maxDepth?: number
}

/** Default {@link ParseJsonOptions.maxDepth}. */
export const DEFAULT_JSON_MAX_DEPTH = 512

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y

/**
 * Parse JSON text (RFC 8259) with exact integers. O(length of text); the result is as large as the
 * text describes, nothing more.
 * @throws InvalidArgumentError naming the offset of a syntax error, or when nesting exceeds `maxDepth`.
 */
export function parseJsonLossless(text: string, options: ParseJsonOptions = {}): JsonValue {
  if (typeof text !== 'string') throw new InvalidArgumentError('JSON text must be a string')
  const parser = new Parser(text, options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH)
  const value = parser.value(0)
  parser.skipSpace()
  if (parser.pos !== text.length) parser.fail('unexpected text after the JSON value')
  return value
}

class Parser {
  pos = 0
  /** Position of the next backslash at or after the last string start (text length when none): searched once per backslash, not per string. */
  private slash = -1
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  fail(message: string): never {
    throw new InvalidArgumentError(`invalid JSON at offset ${this.pos}: ${message}`)
  }

  skipSpace(): void {
    const t = this.text
    let p = this.pos
    for (;;) {
      const c = t.charCodeAt(p)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++
      else break
    }
    this.pos = p
  }

  value(depth: number): JsonValue {
    this.skipSpace()
    const t = this.text
    const c = t.charCodeAt(this.pos)
    if (c === 0x22) return this.string()
    if (c === 0x7b || c === 0x5b) {
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`)
      return c === 0x7b ? this.object(depth + 1) : this.array(depth + 1)
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number()
    if (t.startsWith('true', this.pos)) return this.literal(4, true)
    if (t.startsWith('false', this.pos)) return this.literal(5, false)
    if (t.startsWith('null', this.pos)) return this.literal(4, null)
    return this.fail(this.pos >= t.length ? 'unexpected end of text' : `unexpected character ${JSON.stringify(t[this.pos])}`)
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length
    return value
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos
    const m = NUMBER.exec(this.text)
    if (m === null) return this.fail('malformed number')
    this.pos += m[0].length
    const n = Number(m[0])
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0])
    return n
  }

  private string(): string {
    const t = this.text
    const start = ++this.pos
    // Fast path: no escapes before the closing quote.
    const close = t.indexOf('"', start)
    if (close < 0) return this.fail('unterminated string')
    if (this.slash < start) {
      const next = t.indexOf('\\', start)
      this.slash = next < 0 ? t.length : next
    }
    if (this.slash > close) {
      this.checkControl(start, close)
      this.pos = close + 1
      return t.slice(start, close)
    }
    let out = ''
    let p = start
    for (;;) {
      const q = t.indexOf('"', p)
      const b = t.indexOf('\\', p)
      if (q < 0) return this.fail('unterminated string')
      if (b < 0 || q < b) {
        this.checkControl(p, q)
        this.pos = q + 1
        return out + t.slice(p, q)
      }
      this.checkControl(p, b)
      out += t.slice(p, b)
      const e = t[b + 1]
      if (e === 'u') {
        const hex = t.slice(b + 2, b + 6)
        this.pos = b
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape')
        out += String.fromCharCode(parseInt(hex, 16))
        p = b + 6
      } else {
        const r = e === undefined ? undefined : ESCAPES[e]
        this.pos = b
        if (r === undefined) this.fail('bad escape')
        out += r
        p = b + 2
      }
    }
  }

  private checkControl(from: number, to: number): void {
    const t = this.text
    for (let p = from; p < to; p++) {
      if (t.charCodeAt(p) < 0x20) {
        this.pos = p
        this.fail('control character in a string')
      }
    }
  }

  private array(depth: number): JsonValue[] {
    this.pos++
    const out: JsonValue[] = []
    this.skipSpace()
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++
      return out
    }
    for (;;) {
      out.push(this.value(depth))
      this.skipSpace()
      const c = this.text.charCodeAt(this.pos++)
      if (c === 0x5d) return out
      if (c !== 0x2c) {
        this.pos--
        this.fail("expected ',' or ']'")
      }
    }
  }

  private object(depth: number): JsonObject {
    this.pos++
    const out = Object.create(null) as JsonObject
    this.skipSpace()
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++
      return out
    }
    for (;;) {
      this.skipSpace()
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a string key')
      const key = this.string()
      this.skipSpace()
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'")
      this.pos++
      out[key] = this.value(depth)
      this.skipSpace()
      const c = this.text.charCodeAt(this.pos++)
      if (c === 0x7d) return out
      if (c !== 0x2c) {
        this.pos--
        this.fail("expected ',' or '}'")
      }
    }
  }
}
