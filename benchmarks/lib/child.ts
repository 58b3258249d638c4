/**
 * The child side: a case file calls {@link runIfMain} at its end, so running the file directly
 * (`node --expose-gc --import tsx cases/tlv.ts --case tlv/decode/64B --impl lightstream`) measures one
 * implementation of one case and prints the result as one marked JSON line; `--list` prints the cases.
 * Importing the file (from a test, say) runs nothing.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { listCase, type BenchCase } from './define-case'
import { runOne } from './run-one'

export { runOne, type ChildResult } from './run-one'

/** Prefix of the line carrying a child's JSON output, so stray logging cannot be mistaken for it. */
export const RESULT_MARKER = '@@lightstream-bench '

function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

/**
 * When the calling module is the process entry point, act on argv: `--list` prints the case listings as
 * JSON; otherwise measure one implementation and print `RESULT_MARKER + JSON`. Errors go to stderr with
 * exit code 1.
 */
export async function runIfMain(moduleUrl: string, cases: readonly BenchCase<any>[]): Promise<void> {
  if (!isMain(moduleUrl)) return
  try {
    const argv = process.argv.slice(2)
    if (argv.includes('--list')) {
      process.stdout.write(RESULT_MARKER + JSON.stringify(cases.map(listCase)) + '\n')
      return
    }
    const result = await runOne(cases, argv)
    process.stdout.write(RESULT_MARKER + JSON.stringify(result) + '\n')
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
}
