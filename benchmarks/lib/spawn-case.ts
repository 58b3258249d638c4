/**
 * The parent side of the process boundary: start a case file in a fresh Node process (through tsx, with
 * --expose-gc) and read back its marked JSON line.
 */
import { spawn } from 'node:child_process'
import { RESULT_MARKER } from './child'

/** The benchmarks directory (children run with it as their working directory, so `tsx` resolves). */
export const BENCH_DIR = new URL('..', import.meta.url)

/** What came back from a child. */
export type ChildOutcome<T> = { ok: true; value: T } | { ok: false; error: string; detail: string }

/** The line of a child's stderr that says what went wrong (the first `…Error: …` line, else the first line). */
export function errorSummary(stderr: string, fallback: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
  return lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0] ?? fallback
}

const TIMEOUT_MS = 10 * 60_000

/**
 * Run `node --expose-gc --import tsx <file> ...args` in the benchmarks directory and parse the JSON after
 * the result marker on its stdout. Fails (never throws) on a non-zero exit, a timeout or a missing marker,
 * with the child's stderr in the error.
 */
export function runChild<T>(caseFile: string, args: readonly string[]): Promise<ChildOutcome<T>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', caseFile, ...args], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('error', (error) => {
      clearTimeout(timer)
      const message = `could not start ${caseFile}: ${error.message}`
      resolve({ ok: false, error: message, detail: message })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER))
      if (code !== 0 || line === undefined) {
        const why = signal !== null ? `killed by ${signal}` : `exit code ${code}`
        resolve({ ok: false, error: errorSummary(stderr, why), detail: `${caseFile} ${args.join(' ')}: ${why}\n${stderr.trim() || stdout.trim()}` })
        return
      }
      try {
        resolve({ ok: true, value: JSON.parse(line.slice(RESULT_MARKER.length)) as T })
      } catch (error) {
        const message = `${caseFile}: unreadable result line: ${(error as Error).message}`
        resolve({ ok: false, error: message, detail: message })
      }
    })
  })
}
