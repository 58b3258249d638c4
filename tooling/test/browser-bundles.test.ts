/**
 * Which entry points run in browsers, checked rather than claimed: every browser-safe entry of every
 * published package bundles for `platform: 'browser'` (so it imports no Node built-in), and in Chromium it
 * evaluates and exports exactly what Node sees. The Node-only entries must fail to bundle, which keeps the
 * check honest and the two lists complete.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleForBrowser, runInChromium } from '../browser'
import { describeInChromium } from '../describe-if'
// @ts-expect-error plain ESM tooling script without types
import { publishablePackages, root } from '../workspace.mjs'

/** Browser-safe entry points (package name plus subpath). */
const BROWSER_SAFE = [
  '@lightstream/core',
  '@lightstream/core-buffer',
  '@lightstream/framing',
  '@lightstream/framing/testing',
  '@lightstream/tlv',
  '@lightstream/ipc',
  '@lightstream/codecs',
  '@lightstream/async',
  '@lightstream/protocol',
]
/** Entry points that need Node (sockets, files, a native addon, a command line). */
const NODE_ONLY = ['@lightstream/async/node', '@lightstream/mmap-native', '@lightstream/cli']

const packages = publishablePackages() as { dir: string; name: string; manifest: { exports: Record<string, unknown> } }[]

/** Every code entry point the packages export: `name` for `.`, `name/sub` for `./sub`. */
const entries = packages.flatMap(({ dir, name, manifest }) =>
  Object.entries(manifest.exports)
    .filter(([sub]) => sub !== './package.json')
    .map(([sub, target]) => ({
      specifier: sub === '.' ? name : `${name}/${sub.slice(2)}`,
      dir,
      dist: join(dir, ((target as { import: { default: string } }).import.default)),
    })),
)
const entry = (specifier: string) => entries.find((e) => e.specifier === specifier)!
const source = (specifier: string) => ({ contents: `export * from '${specifier}'`, resolveDir: entry(specifier).dir, name: `${specifier}.entry.ts` })

describe('browser-safe entry points', () => {
  it('every exported entry point is listed as browser-safe or Node-only', () => {
    expect(entries.map((e) => e.specifier).sort()).toEqual([...BROWSER_SAFE, ...NODE_ONLY].sort())
  })

  it.each(BROWSER_SAFE)('%s bundles for browsers', async (specifier) => {
    const code = await bundleForBrowser(source(specifier))
    expect(code.length).toBeGreaterThan(1000)
  })

  it.each(NODE_ONLY)('%s does not (it needs Node)', async (specifier) => {
    await expect(bundleForBrowser(source(specifier))).rejects.toThrow(/cannot bundle .* for browsers:\n.*Could not resolve "(node:)?[a-z_]+"/)
  })
})

describeInChromium('browser-safe entry points in Chromium', (chromium) => {
  const path = (specifier: string) => `/pkg/${specifier.replace(/^@lightstream\//, '').replace('/', '-')}.js`
  let seen: Record<string, string[]>

  beforeAll(async () => {
    const page = {
      contents: [
        `import { runPage } from ${JSON.stringify(join(root, 'tooling', 'browser-page.ts'))}`,
        'runPage(async ({ paths }: { paths: string[] }) => {',
        '  const out: Record<string, string[]> = {}',
        '  for (const path of paths) {',
        '    try {',
        '      out[path] = Object.entries(await import(path)).map(([k, v]) => `${k}:${typeof v}`).sort()',
        '    } catch (error) {',
        '      out[path] = [`fails to load: ${String(error)}`]',
        '    }',
        '  }',
        '  return out',
        '})',
      ].join('\n'),
      resolveDir: root,
      name: 'bundles-page.ts',
    }
    const bundles = Object.fromEntries(BROWSER_SAFE.map((s) => [path(s), source(s)]))
    seen = (await runInChromium({ chromium, entry: page, bundles, params: { paths: BROWSER_SAFE.map(path) } })) as Record<string, string[]>
  }, 120_000)

  it.each(BROWSER_SAFE)('%s evaluates in Chromium and exports what Node sees', async (specifier) => {
    const node = Object.entries(await import(pathToFileURL(entry(specifier).dist).href)).map(([k, v]) => `${k}:${typeof v}`).sort()
    expect(node.length).toBeGreaterThan(0)
    expect(seen[path(specifier)]).toEqual(node)
  })
})
