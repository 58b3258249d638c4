/**
 * Runs the REAL `lightstream` binary (bin/lightstream.mjs → the built dist) in a child process, as a user
 * would. Every child is killed when it outlives its timeout, and the suite fails loudly (instead of
 * hanging) when dist is missing: the test command builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(PACKAGE_DIR, 'bin', 'lightstream.mjs')
const DIST = join(PACKAGE_DIR, 'dist', 'main.js')

/** Fails with a clear message when the package is not built. */
export function requireBuilt(): void {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npx -y pnpm@10.34.9 exec turbo run build --filter=@lightstream/cli...)`)
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
}

/** A running child: its process, a promise of its result, and helpers. */
export interface CliChild {
  readonly child: ChildProcess
  readonly done: Promise<CliResult>
  /** Resolves with the first stderr match of `pattern` (rejects if the child exits first). */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>
}

/** Start the binary with `args`; `input` is written to its stdin (then closed). Killed after `timeoutMs`. */
export function startCli(args: readonly string[], options: { input?: Uint8Array; timeoutMs?: number; env?: Record<string, string> } = {}): CliChild {
  requireBuilt()
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } })
  const out: Buffer[] = []
  let err = ''
  const listeners: (() => void)[] = []
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk))
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8')
    for (const l of listeners) l()
  })
  child.stdin!.on('error', () => undefined) // the child may exit before reading it all
  if (options.input !== undefined) child.stdin!.end(options.input)
  else child.stdin!.end()
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      for (const l of listeners) l()
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err })
    })
  })
  let exited = false
  void done.then(() => (exited = true))
  return {
    child,
    done,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(err)
          if (match !== null) resolve(match)
          else if (exited || child.exitCode !== null) reject(new Error(`the child exited without printing ${pattern}; stderr: ${err}`))
        }
        listeners.push(check)
        check()
      })
    },
  }
}

/** Run the binary to completion. */
export function runCli(args: readonly string[], options: { input?: Uint8Array; timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, options).done
}

/** A fresh temporary directory and its cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lightstream-cli-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
