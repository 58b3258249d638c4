/**
 * Command-line parsing for the parent (`run.mjs`) and for case files run as children.
 *
 * Parent: `node run.mjs [filter...] [--quick] [--repeats N] [--processes N] [--warmup N] [--out DIR] [--cases DIR] [--no-save] [--list]`
 * Child:  `node --import tsx cases/x.ts --list` or `... --case NAME --impl NAME [--quick] [--repeats N] [--warmup N]`
 */

/** Options the parent understands. */
export interface RunArgs {
  /** Case-name substrings; a case runs when it contains any of them (all cases when empty). */
  filters: string[]
  quick: boolean
  /** Override the timed samples per implementation. */
  repeats?: number
  /** Override the processes each implementation's samples are spread over. */
  processes?: number
  /** Override the minimum warm-up passes. */
  warmup?: number
  /** Where results go; defaults to benchmarks/results. */
  outDir?: string
  /** Where the case files are; defaults to benchmarks/cases (tests point it elsewhere). */
  casesDir?: string
  /** Print the table only, write no JSON. */
  save: boolean
  /** Only list the matching cases. */
  list: boolean
  /** Run the cases in headless Chromium instead of Node child processes. */
  browser: boolean
  help: boolean
}

/** Options a case file understands when run as a child. */
export interface ChildArgs {
  list: boolean
  caseName?: string
  impl?: string
  quick: boolean
  repeats?: number
  warmup?: number
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value)
  if (value === undefined || !Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value ?? 'nothing'}`)
  return n
}

function needValue(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`)
  return value
}

/**
 * Parse the parent's arguments.
 * @throws Error naming the flag for an unknown flag or a bad value.
 */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const args: RunArgs = { filters: [], quick: false, save: true, list: false, browser: false, help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    switch (arg) {
      case '--quick': args.quick = true; break
      case '--repeats': args.repeats = positiveInt(arg, argv[++i]); break
      case '--processes': args.processes = positiveInt(arg, argv[++i]); break
      case '--warmup': args.warmup = positiveInt(arg, argv[++i]); break
      case '--out': args.outDir = needValue(arg, argv[++i]); break
      case '--cases': args.casesDir = needValue(arg, argv[++i]); break
      case '--no-save': args.save = false; break
      case '--list': args.list = true; break
      case '--browser': args.browser = true; break
      case '--help': case '-h': args.help = true; break
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (try --help)`)
        args.filters.push(arg)
    }
  }
  return args
}

/**
 * Parse a child's arguments.
 * @throws Error for an unknown flag, a bad value, or a run without --case and --impl.
 */
export function parseChildArgs(argv: readonly string[]): ChildArgs {
  const args: ChildArgs = { list: false, quick: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    switch (arg) {
      case '--list': args.list = true; break
      case '--case': args.caseName = needValue(arg, argv[++i]); break
      case '--impl': args.impl = needValue(arg, argv[++i]); break
      case '--quick': args.quick = true; break
      case '--repeats': args.repeats = positiveInt(arg, argv[++i]); break
      case '--warmup': args.warmup = positiveInt(arg, argv[++i]); break
      default: throw new Error(`unknown option ${arg}`)
    }
  }
  if (!args.list && (args.caseName === undefined || args.impl === undefined)) {
    throw new Error('a case file needs --list, or --case NAME --impl NAME')
  }
  return args
}

/** True when the case name contains any filter (or there are none). */
export function matchesFilters(name: string, filters: readonly string[]): boolean {
  return filters.length === 0 || filters.some((f) => name.includes(f))
}

/** The --help text. */
export const USAGE = `usage: node benchmarks/run.mjs [filter...] [options]

Runs every benchmark case whose name contains one of the filters (all when none), each implementation
in fresh processes, and prints median time, throughput and the ratio ours/peer.

options:
  --quick        fewer repeats and smaller inputs (smoke runs; numbers are not meaningful)
  --repeats N    timed samples per implementation (default 15, quick 3)
  --processes N  spread each implementation's samples over N fresh processes, run in turn with the
                 other implementations' (default 3, quick 1; at most the repeats)
  --warmup N     minimum warm-up passes (default 5, quick 1)
  --out DIR      write results to DIR (default benchmarks/results)
  --cases DIR    read case files from DIR instead of benchmarks/cases
  --no-save      print the table only
  --list         list the matching cases and exit
  --browser      run in headless Chromium (CHROMIUM_PATH or chromium on PATH), a fresh browser per
                 process; case files that need Node are skipped; results go to results/browser
  -h, --help     this text`
