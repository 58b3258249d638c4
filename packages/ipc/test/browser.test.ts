/**
 * Arrow IPC in a real browser: every gold case of every producer in arrow-testing, read and written by the
 * published builds of @lightstream/ipc and @lightstream/codecs bundled for the browser and run in headless
 * Chromium, must give exactly what the same scenario gives in Node (`browser/scenario.ts`).
 */
import { createReadStream, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { loadZstdCodec, lz4FrameCodec } from '@lightstream/codecs'
import { beforeAll, expect, it } from 'vitest'
import { runInChromium } from '../../../tooling/browser'
import { describeInChromium } from '../../../tooling/describe-if'
import { describeWithArrowTesting, readBytes } from './fixtures'
import { ipcScenario, type IpcCaseResult } from './browser/scenario'

const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '2.0.0-compression', '4.0.0-shareddict', '0.14.1']

/** The browser build's wasm file, as a bundler would copy it (the package exports no path to it). */
function zstdWasm(): Uint8Array {
  const pkg = realpathSync(join(import.meta.dirname, '..', 'node_modules', '@bokuweb', 'zstd-wasm'))
  return readFileSync(join(pkg, 'dist', 'web', 'zstd.wasm'))
}

describeWithArrowTesting('Arrow IPC in Chromium', (dir) => {
  const integration = join(dir, 'data', 'arrow-ipc-stream', 'integration')
  const cases = PRODUCERS.flatMap((producer) =>
    readdirSync(join(integration, producer))
      .sort()
      .filter((f) => f.endsWith('.arrow_file'))
      .map((f) => `${producer}/${f.slice(0, -'.arrow_file'.length)}`),
  )

  describeInChromium('every gold case, read six ways and written with LZ4 and zstd', (chromium) => {
    let browser: { userAgent: string; crossOriginIsolated: boolean; results: Record<string, IpcCaseResult> }
    let node: Record<string, IpcCaseResult>

    beforeAll(async () => {
      const page = runInChromium({
        chromium,
        entry: join(import.meta.dirname, 'browser', 'main.ts'),
        params: { cases },
        dirs: { '/data/': integration },
        routes: { '/zstd.wasm': { type: 'application/wasm', body: zstdWasm() } },
        timeoutMs: 150_000,
      })
      const io = {
        fetchBytes: async (path: string) => readBytes(join(integration, path)),
        fetchBody: async (path: string) => Readable.toWeb(createReadStream(join(integration, path))) as ReadableStream<Uint8Array>,
        codecs: [lz4FrameCodec(), await loadZstdCodec({ encoder: 'wasm' })],
      }
      node = await ipcScenario(io, cases)
      browser = (await page) as typeof browser
    }, 180_000)

    it('ran in Chromium, cross-origin isolated', () => {
      expect(browser.userAgent).toMatch(/Chrome\/\d+/)
      expect(browser.crossOriginIsolated).toBe(true)
      expect(Object.keys(browser.results)).toEqual(cases)
      expect(cases.length).toBeGreaterThanOrEqual(50)
    })

    it('every way of reading agrees, in the browser and in Node', () => {
      const disagreeing = (results: Record<string, IpcCaseResult>) => Object.entries(results).filter(([, r]) => r.mismatches.length > 0).map(([name, r]) => `${name}: ${r.mismatches.join(', ')}`)
      expect(disagreeing(browser.results)).toEqual([])
      expect(disagreeing(node)).toEqual([])
    })

    it('the browser reads and writes exactly what Node does', () => {
      for (const name of cases) expect(browser.results[name], name).toEqual(node[name])
    })

    it('reads 8-aligned little-endian input with zero copies, and byte-swaps big-endian input', () => {
      const copies = (producer: string) => cases.filter((c) => c.startsWith(`${producer}/`)).map((c) => browser.results[c]!.copies)
      expect(copies('cpp-21.0.0').every((n) => n === 0)).toBe(true)
      expect(copies('1.0.0-littleendian').every((n) => n === 0)).toBe(true)
      expect(copies('1.0.0-bigendian').some((n) => n > 0)).toBe(true)
    })

    it('carries real data (rows and batches)', () => {
      const rows = Object.values(browser.results).reduce((n, r) => n + r.rows, 0)
      expect(rows).toBeGreaterThan(1000)
      expect(browser.results['cpp-21.0.0/generated_primitive']!.batches).toBeGreaterThan(1)
    })
  })
})
