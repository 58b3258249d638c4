import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
// @ts-expect-error plain ESM tooling script without types
import { root } from '../workspace.mjs'

it('the whole workspace typechecks under strict TypeScript (src, tests, examples, benchmarks)', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  let output = ''
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], { cwd: root, encoding: 'utf8', stdio: 'pipe' })
  } catch (err: any) {
    output = `${err.stdout ?? ''}${err.stderr ?? ''}`
  }
  expect(output.split('\n').filter(Boolean)).toEqual([])
})
