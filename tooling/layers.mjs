// The layer order of the workspace and the check that keeps dependencies pointing down.
// A package may depend on (package.json) or import (src/**) only packages of a strictly lower rank.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Rank of every package, bottom (0) to top. A new package must be added here before it can be used. */
export const LAYERS = {
  '@lightstream/core': 0,
  '@lightstream/core-buffer': 1,
  '@lightstream/framing': 2,
  // Codecs need only core; they sit below ipc, which takes them as an optional peer (injected, never imported by src).
  '@lightstream/codecs': 2,
  '@lightstream/tlv': 3,
  '@lightstream/ipc': 3,
  '@lightstream/async': 4,
  '@lightstream/mmap-native': 4,
  '@lightstream/csv': 4,
  '@lightstream/parquet': 4,
  '@lightstream/simd-kernels': 4,
  '@lightstream/protocol': 5,
  '@lightstream/cli': 6,
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](@lightstream\/[a-z0-9-]+)(?:\/[^'"]*)?['"]/g

function* sourceFiles(dir) {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* sourceFiles(path)
    else if (/\.(c|m)?(t|j)sx?$/.test(name)) yield path
  }
}

/**
 * Check every package under `<root>/packages`. Returns a list of violations (empty when clean), each
 * `{ pkg, target, where }` with a human-readable `message`.
 */
export function checkLayers(root, layers = LAYERS) {
  const violations = []
  const packagesDir = join(root, 'packages')
  for (const dir of readdirSync(packagesDir)) {
    const manifestPath = join(packagesDir, dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    const pkg = manifest.name
    const report = (target, where, why) => violations.push({ pkg, target, where, message: `${pkg} → ${target} (${where}): ${why}` })
    if (!(pkg in layers)) {
      report(pkg, relative(root, manifestPath), 'package is not in the layer table (tooling/layers.mjs)')
      continue
    }
    const rank = layers[pkg]
    const check = (target, where) => {
      if (target === pkg) return
      if (!(target in layers)) report(target, where, 'target is not in the layer table')
      else if (layers[target] >= rank) report(target, where, `imports a package at layer ${layers[target]} from layer ${rank}`)
    }
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
      for (const target of Object.keys(manifest[field] ?? {})) {
        if (target.startsWith('@lightstream/')) check(target, `package.json ${field}`)
      }
    }
    for (const file of sourceFiles(join(packagesDir, dir, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(IMPORT)) check(match[1], relative(root, file))
    }
  }
  return violations
}
