import { catCommand } from '../commands/cat-command'
import { convertCommand } from '../commands/convert-command'
import { demoCommand } from '../commands/demo-command'
import { recvCommand } from '../commands/recv-command'
import { schemaCommand } from '../commands/schema-command'
import { sendCommand } from '../commands/send-command'
import { statsCommand } from '../commands/stats-command'
import { resolveIo, type CliIo } from './cli-io'
import { formatCommandHelp, type Command } from './command-spec'
import { describeError } from './describe-error'
import { EXIT_CODES, exitCodeFor, isBrokenPipe, type ExitCode } from './exit-codes'
import { loadCodecs } from './load-codecs'
import { formatMainHelp } from './main-help'
import { parseCommandLine } from './parse-command-line'
import { UsageError } from './usage-error'

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [schemaCommand, catCommand, statsCommand, convertCommand, sendCommand, recvCommand, demoCommand]

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.spec.name === name)
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.stderr(formatMainHelp(COMMANDS))
    throw new UsageError('no command given')
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest.find((a) => !a.startsWith('-'))
    if (topic === undefined) return writeText(io, formatMainHelp(COMMANDS))
    const command = find(topic)
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(topic)}`)
    return writeText(io, formatCommandHelp(command.spec))
  }
  const command = find(name)
  if (command === undefined) {
    throw new UsageError(name.startsWith('-') ? `expected a command before ${JSON.stringify(name)}` : `unknown command ${JSON.stringify(name)}`)
  }
  const args = parseCommandLine(command.spec, rest)
  if (args.options.help === true) return writeText(io, formatCommandHelp(command.spec))
  await loadCodecs()
  await command.run(args, io)
}

async function writeText(io: CliIo, text: string): Promise<void> {
  await io.stdout().write(new TextEncoder().encode(text))
}

/**
 * Run the `lightstream` command line in this process and resolve to its exit code; never rejects and
 * never calls `process.exit`. `argv` is what follows the program name (`['schema', 'data.arrow']`). Output
 * goes to `io` (by default the process's stdin, stdout and stderr); on failure one line
 * `lightstream: <message>` goes to stderr (with the stack and causes under `--verbose`).
 *
 * Exit codes ({@link EXIT_CODES}): 0 ok, 1 bad input, 2 usage, 3 network, 130 interrupted.
 *
 * @example
 * ```ts
 * const code = await run(['schema', '/tmp/data.arrow'])  // prints the schema on stdout
 * ```
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<ExitCode> {
  const verbose = argv.includes('--verbose') || argv.includes('-v')
  let resolved: Awaited<ReturnType<typeof resolveIo>>
  try {
    resolved = await resolveIo(io)
  } catch (error) {
    ;(io.stderr ?? ((t: string) => process.stderr.write(t)))(describeError(error, verbose))
    return EXIT_CODES.badInput
  }
  try {
    await dispatch(argv, resolved.io)
    await resolved.finish()
    return EXIT_CODES.ok
  } catch (error) {
    if (isBrokenPipe(error)) return EXIT_CODES.ok // the reader of our stdout went away (`| head`)
    await resolved.finish().catch(() => undefined)
    const code = exitCodeFor(error)
    resolved.io.stderr(code === EXIT_CODES.interrupted && resolved.io.signal?.aborted === true ? 'lightstream: interrupted\n' : describeError(error, verbose))
    return code
  }
}
