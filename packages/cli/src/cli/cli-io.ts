import type { ByteSink } from '@lightstream/core'
import { createMemorySink, type MemorySink } from '@lightstream/framing'
import { idempotentSink } from '../output/idempotent-sink'

/**
 * Where a command's bytes come from and go to. {@link run} uses the process's stdio by default; tests and
 * programs pass their own (see {@link memoryIo}). Every member is optional when passed to `run`.
 */
export interface CliIo {
  /** Standard input as bytes; called at most once, and only when an input is `-`. */
  stdin(): AsyncIterable<Uint8Array>
  /** Standard output as a ByteSink; called at most once, on first use. Its `close()` flushes, never ends the process's stdout. */
  stdout(): ByteSink
  /** Writes text to standard error (messages, the progress line). */
  stderr(text: string): void
  /** Whether stdout is a terminal (`cat` refuses to print binary IPC there). */
  readonly stdoutIsTTY: boolean
  /** Whether stderr is a terminal: the progress line is drawn only then. */
  readonly stderrIsTTY: boolean
  /** Terminal width for `cat --format table` (default 100). */
  readonly columns: number
  /** Stops a running command (Ctrl-C): it cleans up and exits 130. */
  readonly signal: AbortSignal | undefined
}

/** A {@link CliIo} that captures output in memory, with accessors for what was written. */
export interface MemoryIo {
  readonly io: CliIo
  /** Bytes written to stdout so far (a copy). */
  stdout(): Uint8Array
  /** Stdout decoded as UTF-8. */
  stdoutText(): string
  /** Everything written to stderr. */
  stderrText(): string
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/**
 * An in-memory {@link CliIo} for tests and programs: `stdin` serves the given bytes (or source), stdout and
 * stderr are collected. Not terminals unless said otherwise.
 *
 * @example
 * ```ts
 * const mem = memoryIo()
 * const code = await run(['schema', 'data.arrow'], mem.io)
 * console.log(code, mem.stdoutText())
 * ```
 */
export function memoryIo(options: { stdin?: Uint8Array | AsyncIterable<Uint8Array>; stdoutIsTTY?: boolean; stderrIsTTY?: boolean; columns?: number; signal?: AbortSignal } = {}): MemoryIo {
  let sink: MemorySink | undefined
  let errText = ''
  const input = options.stdin ?? new Uint8Array(0)
  const io: CliIo = {
    stdin: () => (input instanceof Uint8Array ? once(input) : input),
    stdout: () => (sink ??= createMemorySink()),
    stderr: (text) => {
      errText += text
    },
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    columns: options.columns ?? 100,
    signal: options.signal,
  }
  const bytes = (): Uint8Array => (sink === undefined ? new Uint8Array(0) : sink.bytes())
  return {
    io,
    stdout: bytes,
    stdoutText: () => new TextDecoder().decode(bytes()),
    stderrText: () => errText,
  }
}

/** The process's stdio as a {@link CliIo} (Node only; loads `@lightstream/async/node` for the adapters). */
export async function processIo(signal?: AbortSignal): Promise<CliIo> {
  const { stdinSource, stdoutSink } = await import('@lightstream/async/node')
  return {
    stdin: () => stdinSource(signal === undefined ? {} : { signal }),
    stdout: () => stdoutSink(signal === undefined ? {} : { signal }),
    stderr: (text) => {
      process.stderr.write(text)
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns ?? 100,
    signal,
  }
}

/**
 * A full {@link CliIo}: `io`'s members where given, the process's stdio for the rest. `stdout()` is made
 * idempotent (one sink per run) and the returned `finish()` flushes it if it was used.
 */
export async function resolveIo(io: Partial<CliIo> = {}): Promise<{ io: CliIo; finish(): Promise<void> }> {
  const complete = io.stdin !== undefined && io.stdout !== undefined && io.stderr !== undefined
  const base = complete ? undefined : await processIo(io.signal)
  let sink: ByteSink | undefined
  const makeStdout = io.stdout ?? base!.stdout
  const resolved: CliIo = {
    stdin: io.stdin ?? base!.stdin,
    stdout: () => (sink ??= idempotentSink(makeStdout())),
    stderr: io.stderr ?? base!.stderr,
    stdoutIsTTY: io.stdoutIsTTY ?? base?.stdoutIsTTY ?? false,
    stderrIsTTY: io.stderrIsTTY ?? base?.stderrIsTTY ?? false,
    columns: io.columns ?? base?.columns ?? 100,
    signal: io.signal ?? base?.signal,
  }
  return {
    io: resolved,
    async finish() {
      if (sink !== undefined) await sink.close()
    },
  }
}
