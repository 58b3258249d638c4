#!/usr/bin/env node
// The `lightstream` command. Runs the built package (dist/main.js): build it first in a checkout
// (`pnpm run build`). See `lightstream --help`.
import { main } from '../dist/main.js'

await main()
