import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM tooling script without types
import { publishablePackages, root } from '../workspace.mjs'

const packages = publishablePackages() as { dir: string; name: string; manifest: Record<string, any> }[]
const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')

describe.each(packages)('$name packaging', ({ dir, name, manifest }) => {
  it('has the house package.json shape', () => {
    expect(manifest.type).toBe('module')
    expect(manifest.sideEffects).toBe(false)
    expect(manifest.license).toBe('MIT')
    const dot = manifest.exports['.']
    expect(Object.keys(dot)[0]).toBe('@lightstream/source')
    expect(Object.keys(dot.import)[0]).toBe('types')
    expect(Object.keys(dot.require)[0]).toBe('types')
    expect(existsSync(join(dir, 'README.md'))).toBe(true)
  })

  it('is built (dist exists; the test command builds first)', () => {
    expect(existsSync(join(dir, 'dist', 'index.js')), `${name}: run the build first`).toBe(true)
  })

  it('is clean under publint (strict)', async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, pack: 'npm', strict: true, level: 'suggestion' })
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`)).toEqual([])
  })

  it('is clean under @arethetypeswrong/cli (--pack)', () => {
    let out: string
    try {
      out = execFileSync(process.execPath, [attw, '--pack', dir, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err: any) {
      out = err.stdout ?? ''
      if (!out.trim().startsWith('{')) throw new Error(`attw failed for ${name}: ${err.stderr ?? err.message}`)
    }
    const result = JSON.parse(out)
    const problems = result.analysis?.problems ?? result.problems ?? []
    expect(problems).toEqual([])
    expect(Object.keys(result.analysis.entrypoints)).toContain('.')
  })
})
