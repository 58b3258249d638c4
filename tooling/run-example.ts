/**
 * Running documentation examples in tests as a user would run them: the code written to a file next to the
 * test (so workspace packages resolve, to their sources through the "@lightstream/source" condition), run by
 * a separate Node process with tsx, and removed afterwards.
 */
import { execFile } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ExampleResult {
  code: number
  stdout: string
  stderr: string
}

/** Run `code` as `<dir>/.example-<name>.ts`; never rejects (a failure shows in `code` and `stderr`). */
export function runExample(dir: string, name: string, code: string, timeoutMs = 30_000): Promise<ExampleResult> {
  const file = join(dir, `.example-${name}.ts`)
  writeFileSync(file, code)
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=@lightstream/source', '--import', 'tsx', file], { cwd: dir, timeout: timeoutMs }, (error, stdout, stderr) => {
      rmSync(file, { force: true })
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    })
  })
}

/**
 * The first ```ts block of `text`, or undefined when there is none. `from: 'doc-comment'` reads it out of a
 * source file's doc comment, removing the ` * ` line prefixes.
 */
export function firstTsBlock(text: string, from: 'markdown' | 'doc-comment' = 'markdown'): string | undefined {
  const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1]
  return code === undefined || from === 'markdown' ? code : code.replace(/^ \* ?/gm, '')
}
