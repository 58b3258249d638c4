#!/usr/bin/env node
// Entry point of `pnpm bench`: node benchmarks/run.mjs [filter...] [--quick] (see --help).
// The harness is TypeScript; tsx compiles it on the fly here, and each case runs in its own
// `node --import tsx` child process that imports the built packages, as a user would.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./lib/main.ts')
process.exitCode = await main(process.argv.slice(2))
