import { defineConfig } from 'vitest/config'

// Tests run against each package's `src` through the "@lightstream/source" export condition, so no build is
// needed to test; the packaging tests (tooling/test) check the built `dist` separately.
const conditions = ['@lightstream/source', 'module', 'node', 'import', 'default']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@lightstream/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'benchmarks/test/**/*.test.ts', 'tooling/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
