import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { firstTsBlock, runExample } from '../../../tooling/run-example'

// The documentation's examples, run as a user would run them (see tooling/run-example.ts).
const here = dirname(fileURLToPath(import.meta.url))
const run = (name: string, code: string | undefined) => runExample(here, name, code!)

describe('documentation examples', () => {
  it('the README example streams a table over TCP on 127.0.0.1 and exits', async () => {
    const result = await run('readme', firstTsBlock(readFileSync(join(here, '..', 'README.md'), 'utf8')))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe("3 [ 'ada', 'grace', null ]\n")
    expect(result.code).toBe(0)
  })

  it('the root entry example (index.ts) runs over connectionPair', async () => {
    const result = await run('index', firstTsBlock(readFileSync(join(here, '..', 'src', 'index.ts'), 'utf8'), 'doc-comment'))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('3\n')
    expect(result.code).toBe(0)
  })

  it('the node entry example (node/index.ts) runs over TCP', async () => {
    const result = await run('node', firstTsBlock(readFileSync(join(here, '..', 'src', 'node', 'index.ts'), 'utf8'), 'doc-comment'))
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('2\n')
    expect(result.code).toBe(0)
  })
})
