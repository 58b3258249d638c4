import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM tooling script without types
import { LAYERS, checkLayers } from '../layers.mjs'

const root = join(import.meta.dirname, '..', '..')

describe('layer order', () => {
  it('no package depends on or imports a package above it', () => {
    const violations = checkLayers(root) as { message: string }[]
    expect(violations.map((v) => v.message)).toEqual([])
  })

  describe('the check itself', () => {
    const fake = mkdtempSync(join(tmpdir(), 'layers-'))
    afterAll(() => rmSync(fake, { recursive: true, force: true }))
    const pkg = (dir: string, name: string, deps: Record<string, string>, src: string) => {
      mkdirSync(join(fake, 'packages', dir, 'src'), { recursive: true })
      writeFileSync(join(fake, 'packages', dir, 'package.json'), JSON.stringify({ name, dependencies: deps }))
      writeFileSync(join(fake, 'packages', dir, 'src', 'index.ts'), src)
    }
    pkg('core', '@lightstream/core', {}, "export const x = 1\n")
    pkg('framing', '@lightstream/framing', { '@lightstream/core': 'workspace:^' }, "import { x } from '@lightstream/core'\nconst t = await import('@lightstream/tlv')\n")
    pkg('tlv', '@lightstream/tlv', { '@lightstream/framing': 'workspace:^' }, "export * from '@lightstream/framing/testing'\n")
    pkg('rogue', '@lightstream/rogue', {}, '')

    it('reports a dynamic import of a higher layer, and unknown packages', () => {
      const messages = (checkLayers(fake, LAYERS) as { message: string }[]).map((v) => v.message).sort()
      expect(messages).toEqual([
        '@lightstream/framing → @lightstream/tlv (packages/framing/src/index.ts): imports a package at layer 3 from layer 2',
        '@lightstream/rogue → @lightstream/rogue (packages/rogue/package.json): package is not in the layer table (tooling/layers.mjs)',
      ])
    })

    it('reports a package.json dependency on a same-level package', () => {
      pkg('ipc', '@lightstream/ipc', { '@lightstream/tlv': 'workspace:^' }, '')
      const messages = (checkLayers(fake, LAYERS) as { message: string }[]).map((v) => v.message)
      expect(messages).toContain('@lightstream/ipc → @lightstream/tlv (package.json dependencies): imports a package at layer 3 from layer 3')
    })
  })
})
