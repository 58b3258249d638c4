import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { firstTsBlock } from '../run-example'
// @ts-expect-error plain ESM tooling script without types
import { publishablePackages, root } from '../workspace.mjs'

// Every package README must carry a runnable example: the first ```ts block is run as a user would run it,
// importing the built package from a file inside the examples workspace package (which depends on all of them).
const scratch = join(root, 'examples', '.readme-examples')
mkdirSync(scratch, { recursive: true })
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const packages = publishablePackages() as { dir: string; name: string }[]

describe.each(packages)('$name README', ({ dir, name }) => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8')

  it('has an install line and a runnable TypeScript example that exits cleanly', () => {
    expect(readme).toContain(`npm install ${name}`)
    const code = firstTsBlock(readme)
    expect(code, `${name}/README.md needs a \`\`\`ts example`).toBeDefined()
    const file = join(scratch, `${name.replace('@lightstream/', '')}.ts`)
    writeFileSync(file, code!)
    // Throws (failing the test with the example's stderr) when the example exits non-zero.
    execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: join(root, 'examples'), stdio: 'pipe', encoding: 'utf8' })
  })
})

describe('the root README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')

  it('opens its Quick start with exactly the two commands .ci/run and users rely on', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('\n## ')[0]!
    const commands = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
    expect(commands).toEqual(['npm run demo', 'npm test'])
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m)
  })

  it('has a taste example that runs', () => {
    const file = join(scratch, 'root-readme.ts')
    writeFileSync(file, firstTsBlock(readme)!)
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: join(root, 'examples'), stdio: 'pipe', encoding: 'utf8' })
    expect(out.trim()).toBe('1 hello')
  })
})
