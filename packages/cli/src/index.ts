/**
 * @packageDocumentation
 * The `lightstream` command — schema, cat, stats, convert, send, recv and demo for Arrow IPC data — and
 * its programmatic entry point {@link run}, which runs a command line in-process and resolves to the exit
 * code (output goes to the process's stdio, or to the {@link CliIo} you pass).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { tableFromArrays } from '@lightstream/core'
 * import { tableToIPC } from '@lightstream/ipc'
 * import { memoryIo, run } from '@lightstream/cli'
 *
 * const path = join(tmpdir(), 'cli-example.arrow')
 * writeFileSync(path, tableToIPC(tableFromArrays({ id: Int32Array.of(1, 2) }), { format: 'file' }))
 * const mem = memoryIo()
 * const code = await run(['schema', path], mem.io)
 * console.log(code, mem.stdoutText()) // 0 '…(IPC file, 1 record batch), 1 field:\n  id: Int32\n'
 * ```
 */
export { run, COMMANDS } from './cli/run'
export { memoryIo, processIo } from './cli/cli-io'
export type { CliIo, MemoryIo } from './cli/cli-io'
export { EXIT_CODES, exitCodeFor } from './cli/exit-codes'
export type { ExitCode } from './cli/exit-codes'
export { NetworkError, UsageError } from './cli/usage-error'
export { DemoFailedError } from './commands/demo-command'
export { formatCommandHelp } from './cli/command-spec'
export type { Command, CommandSpec, OptionSpec, PositionalSpec, ParsedArgs } from './cli/command-spec'
