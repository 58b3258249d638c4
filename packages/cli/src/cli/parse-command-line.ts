import { parseArgs, type ParseArgsConfig } from 'node:util'
import { COMMON_OPTIONS, type CommandSpec, type ParsedArgs } from './command-spec'
import { UsageError } from './usage-error'

/**
 * Parse a command's arguments (everything after the command name) against its spec with `node:util`'s
 * strict `parseArgs`: unknown options, a missing value and too few or too many positionals are
 * {@link UsageError}s. `--help` short-circuits the positional checks. `--` ends the options, so a file
 * named `-x` can be given as `-- -x`.
 *
 * @throws UsageError for a command line that does not fit the spec.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const o of [...spec.options, ...COMMON_OPTIONS]) {
    options[o.name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short }
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
  } catch (error) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*; their messages name the option.
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '') : String(error)
    throw new UsageError(message, spec.name)
  }
  const values: Record<string, string | boolean | undefined> = {}
  for (const [key, value] of Object.entries(parsed.values)) values[key] = Array.isArray(value) ? value.at(-1) : value
  const result: ParsedArgs = {
    positionals: parsed.positionals,
    options: values,
    verbose: values.verbose === true,
    quiet: values.quiet === true,
  }
  if (values.help === true) return result
  const required = spec.positionals.filter((p) => p.optional !== true).length
  if (parsed.positionals.length < required) {
    const missing = spec.positionals.slice(parsed.positionals.length, required).map((p) => p.name)
    throw new UsageError(`${spec.name}: missing ${missing.join(' and ')}`, spec.name)
  }
  if (parsed.positionals.length > spec.positionals.length) {
    throw new UsageError(`${spec.name}: unexpected argument ${JSON.stringify(parsed.positionals[spec.positionals.length])}`, spec.name)
  }
  return result
}

/** A string option's value, or `fallback`. */
export function stringOption(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const value = args.options[name]
  return typeof value === 'string' ? value : fallback
}

/**
 * An integer option's value within [min, max], or `fallback` when absent. Accepts `1000`, `1_000`, `1e6`,
 * `64k`, `2M` (×1000 / ×1000²).
 * @throws UsageError for anything else.
 */
export function intOption(args: ParsedArgs, command: string, name: string, min: number, max: number, fallback: number): number {
  const raw = stringOption(args, name)
  if (raw === undefined) return fallback
  const match = /^(\d[\d_]*(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(raw.trim())
  const scale = match?.[2] === '' ? 1 : match?.[2]?.toLowerCase() === 'k' ? 1e3 : 1e6
  const value = match === null ? Number.NaN : Number(match[1]!.replaceAll('_', '')) * scale
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`, command)
  }
  return value
}

/**
 * A string option that must be one of `choices` (compared case-insensitively; `aliases` map other
 * spellings), or `fallback`.
 * @throws UsageError for anything else.
 */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  command: string,
  name: string,
  choices: readonly T[],
  fallback: T,
  aliases?: Readonly<Record<string, T>>,
): T
export function choiceOption<T extends string>(
  args: ParsedArgs,
  command: string,
  name: string,
  choices: readonly T[],
  fallback?: T,
  aliases?: Readonly<Record<string, T>>,
): T | undefined
export function choiceOption<T extends string>(
  args: ParsedArgs,
  command: string,
  name: string,
  choices: readonly T[],
  fallback?: T,
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const raw = stringOption(args, name)
  if (raw === undefined) return fallback
  const lower = raw.toLowerCase()
  const found = choices.find((c) => c === lower) ?? (Object.hasOwn(aliases, lower) ? aliases[lower] : undefined)
  if (found === undefined) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`, command)
  return found
}
