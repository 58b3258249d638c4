import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

// The data model's examples (src/arrow/index.ts and the README section) are run as written.
const here = import.meta.dirname
const scratch = mkdtempSync(join(here, '.examples-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function run(code: string, name: string): Promise<string[]> {
  const file = join(scratch, `${name}.ts`)
  writeFileSync(file, code)
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (_, v) => (ArrayBuffer.isView(v) ? `${v.constructor.name}(${Array.from(v as Int32Array)})` : v)))).join(' '))
  })
  try {
    await import(file)
  } finally {
    spy.mockRestore()
  }
  return lines
}

const expected = ['3 grace', '"Int32Array(1,2,3)"', '{"id":2,"name":null,"tags":[]}', 'null 30 1']

describe('data model examples', () => {
  it('the src/arrow/index.ts @example runs and prints what its comments say', async () => {
    const source = readFileSync(join(here, '../../src/arrow/index.ts'), 'utf8')
    const block = /```ts\n([\s\S]*?)```/.exec(source)![1]!.replace(/^ \* ?/gm, '')
    expect(await run(block, 'index')).toEqual(expected)
  })

  it('the README "Arrow data model" example runs and prints what its comments say', async () => {
    const readme = readFileSync(join(here, '../../README.md'), 'utf8')
    const section = readme.split(/^## Arrow data model$/m)[1]!
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1]!
    expect(await run(block, 'readme')).toEqual(expected)
  })
})
