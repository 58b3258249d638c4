#!/usr/bin/env node
// The Arrow integration-test executable of @lightstream/ipc (see `--help` and integration-main.mjs).
import { main } from './integration-main.mjs'

process.exitCode = await main(process.argv.slice(2))
