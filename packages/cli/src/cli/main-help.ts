import { wrap, type Command } from './command-spec'

/** The `lightstream --help` text: the commands, the input/URL forms and the exit codes. */
export function formatMainHelp(commands: readonly Command[]): string {
  const list = commands.map((c) => `  ${c.spec.name.padEnd(9)} ${wrap(c.spec.summary, 88, ' '.repeat(12)).trimStart()}`).join('\n')
  return `Usage: lightstream <command> [arguments] [options]

Look at and move Apache Arrow IPC data (files and streams).

Commands:
${list}
  help      Show the help of a command: lightstream help <command> (or lightstream <command> --help)

Inputs (FILE, IN) are a path, - for stdin, or an http(s) URL; the IPC file or stream format is detected
from the first bytes. Outputs (OUT) are a path, or - / nothing for stdout.

Network URLs: tcp://HOST:PORT, unix:///abs/path.sock, ws://HOST:PORT/path, http://HOST:PORT/path.
recv listens and send connects, like a netcat pair; recv --connect and send --listen reverse that.
What travels is a plain Arrow IPC stream that any Arrow implementation (or nc) can read and write.

Options of every command: --help (-h), --verbose (-v: stack trace and causes on failure).

Exit codes: 0 ok, 1 bad input (missing, truncated or invalid file), 2 usage, 3 network (refused,
unreachable, HTTP error, connection lost), 130 interrupted.
`
}
