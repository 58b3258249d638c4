import { defineConfig, type Options } from 'tsup'

/**
 * The one build shape every package uses: ESM first, CJS beside it, `.d.ts`/`.d.cts`, source maps.
 * `entry` maps output names to sources, e.g. `{ index: 'src/index.ts', testing: 'src/testing/index.ts' }`.
 */
export function packageConfig(entry: Record<string, string> = { index: 'src/index.ts' }, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    target: 'es2022',
    platform: 'neutral',
    ...extra,
  })
}
