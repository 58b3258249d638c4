import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The documentation's examples, run as a user would run them: a separate process with tsx. They are written
// next to this file so the workspace packages resolve (to their sources, through "@lightstream/source").
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

const firstTs = (text: string): string => /```ts\n([\s\S]*?)```/.exec(text)![1]!.replace(/^ \* ?/gm, '')

describe('documentation examples', () => {
  it('the README example streams a table over TCP on 127.0.0.1 and exits', async () => {
    const result = await run('readme', firstTs(readFileSync(join(here, '..', 'README.md'), 'utf8')))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe("3 [ 'ada', 'grace', null ]\n")
    expect(result.code).toBe(0)
  })

  it('the root entry example (index.ts) runs over connectionPair', async () => {
    const result = await run('index', firstTs(readFileSync(join(here, '..', 'src', 'index.ts'), 'utf8')))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('3\n')
    expect(result.code).toBe(0)
  })

  it('the node entry example (node/index.ts) runs over TCP', async () => {
    const result = await run('node', firstTs(readFileSync(join(here, '..', 'src', 'node', 'index.ts'), 'utf8')))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('2\n')
    expect(result.code).toBe(0)
  })
})
