import { readFileSync } from 'node:fs'

/**
 * The input the frames in test/fixtures were made from (see fixtures/README.md): deterministic text,
 * compressible but not trivially. The same generator made them, so tests rebuild the expected bytes.
 */
export function fixtureInput(n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = 0x2545f491
  const words = ['arrow ', 'zero-copy ', 'lightstream ', 'batch ', 'column ', 'frame ', '\n']
  let p = 0
  while (p < n) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    const w = words[x % words.length]!
    for (let i = 0; i < w.length && p < n; i++) out[p++] = w.charCodeAt(i)
    if (p < n && x % 5 === 0) out[p++] = 48 + (x % 10)
  }
  return out
}

export const SMALL = 3000
export const LARGE = 70000

/** A fixture frame's bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
}

/** Repetitive bytes: short runs of a few values (compress well; long matches, overlapping copies). */
export function repetitive(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = ((i >> (seed % 5)) * (seed | 1)) % 7
  return out
}

/** Bytes from a xorshift generator: incompressible. */
export function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed | 0 || 1
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/**
 * True when the two byte arrays are equal. Large arrays are compared here rather than with `toEqual`,
 * which walks typed arrays element by element through a generic comparison (seconds per MiB).
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
