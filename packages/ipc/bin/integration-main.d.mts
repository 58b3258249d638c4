/** Standard streams as the CLI uses them (injectable for tests). */
export interface CliIo {
  stderr(text: string): void
  writeStdout(bytes: Uint8Array): Promise<void>
  readStdin(): Promise<Uint8Array>
  /** Where codecs come from (default {@link loadCodecs}); tests pass one that finds none. */
  loadCodecs?: () => Promise<import('@lightstream/core').Codec[] | undefined>
}

/** The parsed command line. */
export interface CliArgs {
  mode: 'VALIDATE' | 'JSON_TO_ARROW' | 'STREAM_TO_FILE' | 'FILE_TO_STREAM' | 'ARROW_TO_JSON'
  json: string[]
  arrow: string[]
  /** The `--stream` paths. */
  s: string[]
  compression: 'lz4_frame' | 'zstd' | undefined
  alignment: 8 | 64 | undefined
  verbose: boolean
  help: boolean
}

/** The usage text printed by `--help` and after a usage error. */
export const USAGE: string
/** Parses the command line (without node and the script). Throws on a usage error. */
export function parseArgs(argv: readonly string[]): CliArgs
/** The codecs of @lightstream/codecs (also registered), or undefined when the package cannot be found. Loaded once. */
export function loadCodecs(): Promise<import('@lightstream/core').Codec[] | undefined>
/** The process's stdio. */
export function processIo(): CliIo
/** Runs the command line and resolves to the exit code: 0 success, 1 failure (details on stderr), 2 usage error. */
export function main(argv: readonly string[], io?: CliIo): Promise<number>
