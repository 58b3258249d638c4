import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The package documentation's examples, run as a user would run them: a separate process with tsx. They are
// written next to this file so the workspace packages resolve (to their sources, through the
// "@lightstream/source" condition), and removed afterwards.
const here = dirname(fileURLToPath(import.meta.url))

function run(name: string, code: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(here, `.example-${name}.ts`)
  writeFileSync(file, code)
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=@lightstream/source', '--import', 'tsx', file], { cwd: here, timeout: 30_000 }, (error, stdout, stderr) => {
      rmSync(file, { force: true })
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    })
  })
}

describe('documentation examples', () => {
  it('the README example exchanges a message and a table over TCP on 127.0.0.1 and exits', async () => {
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    const result = await run('readme', code)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe("chat { text: 'hello' }\nprices 2 XYZ\n")
    expect(result.code).toBe(0)
  })

  it('the package documentation example (index.ts) runs over connectionPair', async () => {
    const source = readFileSync(join(here, '..', 'src', 'index.ts'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(source)![1]!.replace(/^ \* ?/gm, '')
    const result = await run('index', code)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe("greeting { text: 'hello' }\npoints 3\n")
    expect(result.code).toBe(0)
  })
})
