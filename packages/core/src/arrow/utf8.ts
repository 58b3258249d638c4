/**
 * UTF-8 helpers: decoding for string getters, exact encoded length for builders, and strict validation
 * for `validate`. All allocation-free except the decoded string itself.
 */

const decoder = new TextDecoder()

/**
 * Decode UTF-8 bytes `[start, end)` of `bytes`. Short ASCII runs are decoded inline (cheaper than a
 * TextDecoder call); anything else goes through TextDecoder, which replaces invalid sequences with U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = ''
    for (let k = start; k < end; k++) {
      const c = bytes[k]!
      if (c >= 0x80) return decoder.decode(bytes.subarray(start, end))
      s += String.fromCharCode(c)
    }
    return s
  }
  return decoder.decode(bytes.subarray(start, end))
}

/** Exact UTF-8 length of a string as TextEncoder writes it (lone surrogates become 3-byte U+FFFD). */
export function utf8Length(s: string): number {
  let bytes = 0
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length && (s.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      k++
    } else bytes += 3
  }
  return bytes
}

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF,
 * no truncated sequences. True when bytes `[start, end)` are well-formed. O(end - start), allocation-free.
 */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start
  while (i < end) {
    const c = bytes[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) lo = 0xa0 // overlong
      else if (c === 0xed) hi = 0x9f // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) lo = 0x90 // overlong
      else if (c === 0xf4) hi = 0x8f // above U+10FFFF
    } else return false
    if (i + need >= end) return false // truncated
    const c1 = bytes[i + 1]!
    if (c1 < lo || c1 > hi) return false
    for (let k = 2; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false
    i += need + 1
  }
  return true
}
