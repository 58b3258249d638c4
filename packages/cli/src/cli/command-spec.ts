import type { CliIo } from './cli-io'

/** One option of a command, as `--name VALUE` (string) or `--name` (boolean). */
export interface OptionSpec {
  readonly name: string
  readonly type: 'string' | 'boolean'
  readonly short?: string
  /** Placeholder shown in help, e.g. `N` in `--limit N`. */
  readonly value?: string
  readonly description: string
}

/** One positional argument. */
export interface PositionalSpec {
  readonly name: string
  readonly description: string
  readonly optional?: boolean
}

/** Everything a command says about its arguments; its help page is generated from it. */
export interface CommandSpec {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  readonly positionals: readonly PositionalSpec[]
  readonly options: readonly OptionSpec[]
  /** Paragraphs printed after the options. */
  readonly details?: readonly string[]
  readonly examples?: readonly string[]
}

/** A parsed command line: positionals in order, option values by name. */
export interface ParsedArgs {
  readonly positionals: readonly string[]
  readonly options: Readonly<Record<string, string | boolean | undefined>>
  readonly verbose: boolean
  readonly quiet: boolean
}

/** A command: its spec and what it does. `run` throws on failure; the exit code comes from the error. */
export interface Command {
  readonly spec: CommandSpec
  run(args: ParsedArgs, io: CliIo): Promise<void>
}

/** Options every command takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'verbose', type: 'boolean', short: 'v', description: 'on failure, print the error class, code, stack and causes' },
  { name: 'help', type: 'boolean', short: 'h', description: 'show this help' },
]

/** `text` wrapped at `width` columns, every line starting with `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line.length === 0 ? word : `${line} ${word}`
    }
  }
  if (line.length > 0) lines.push(line)
  return lines.map((l) => indent + l).join('\n')
}

function usageLine(spec: CommandSpec): string {
  const args = spec.positionals.map((p) => (p.optional === true ? `[${p.name}]` : p.name))
  return ['lightstream', spec.name, ...args, '[options]'].join(' ')
}

/** The `--help` text of a command. O(size of the spec). */
export function formatCommandHelp(spec: CommandSpec): string {
  const out: string[] = [`Usage: ${usageLine(spec)}`, '', wrap(spec.summary, 100, ''), '']
  if (spec.positionals.length > 0) {
    out.push('Arguments:')
    for (const p of spec.positionals) out.push(`  ${p.name.padEnd(22)} ${p.description}`)
    out.push('')
  }
  out.push('Options:')
  for (const o of [...spec.options, ...COMMON_OPTIONS]) {
    const flag = `${o.short === undefined ? '    ' : `-${o.short}, `}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`
    out.push(`  ${flag.padEnd(26)} ${o.description}`)
  }
  for (const paragraph of spec.details ?? []) out.push('', wrap(paragraph, 100, ''))
  if (spec.examples !== undefined && spec.examples.length > 0) {
    out.push('', 'Examples:')
    for (const e of spec.examples) out.push(`  ${e}`)
  }
  out.push('', 'Exit codes: 0 ok, 1 bad input, 2 usage, 3 network, 130 interrupted.')
  return `${out.join('\n')}\n`
}
