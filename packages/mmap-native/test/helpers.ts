/**
 * Shared helpers of the mmap-native tests: a temporary directory per suite and files with known contents.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A fresh directory under os.tmpdir(), removed after the suite. */
export function suiteDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lightstream-mmap-${prefix}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** `n` bytes where byte i is `(i * 7 + 3) & 255`: every offset has a predictable value. */
export function patternBytes(n: number, seed = 3): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 7 + seed) & 255
  return out
}

/** Write `bytes` to `dir/name` and return the path. */
export function writeFile(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}
