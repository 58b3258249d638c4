/**
 * The browser side of `run.mjs --browser`: a case file is bundled for browsers together with `run-one.ts`,
 * and each (case, implementation, share) runs in a fresh headless Chromium (new profile, new renderer
 * process), the browser's counterpart of a fresh Node process. Chromium gets `--expose-gc`, so the minor
 * collection before each sample happens there too; the page is cross-origin isolated, so `performance.now()`
 * has 5 µs resolution (samples last at least 50 ms).
 *
 * Case files that need Node (sockets, files) cannot be bundled for browsers; {@link browserPage} says so and
 * the runner skips them. `lib/child.ts` (Node's entry glue) is replaced by a no-op in the bundle, and
 * `@lightstream/mmap-native` is left out (its cases are `nodeOnly`).
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { bundleForBrowser, runInChromium } from '../../tooling/browser'
import type { ChildResult } from './run-one'
import { BENCH_DIR, errorSummary, type ChildOutcome } from './spawn-case'

const benchDir = fileURLToPath(BENCH_DIR)

/** Stands in for `lib/child.ts` (which needs `node:fs`) in browser bundles: `runIfMain` does nothing there. */
const nodeGlueStub: Plugin = {
  name: 'lightstream-bench-child-stub',
  setup(build) {
    build.onResolve({ filter: /(^|\/)lib\/child(\.ts)?$/ }, () => ({ path: 'child', namespace: 'bench-child-stub' }))
    build.onLoad({ filter: /.*/, namespace: 'bench-child-stub' }, () => ({ contents: 'export async function runIfMain() {}', loader: 'js' }))
  },
}

const BUNDLE_OPTIONS = { plugins: [nodeGlueStub], external: ['@lightstream/mmap-native'] }

/** What a browser run reports: the measurement and the browser that made it. */
export interface BrowserChildResult {
  result: ChildResult
  userAgent: string
}

const pages = new Map<string, Promise<string>>()

/**
 * The page for `caseFile` (relative to the benchmarks directory), bundled once per run.
 * @throws (rejects) Error with esbuild's messages when the file cannot run in a browser.
 */
export function browserPage(caseFile: string): Promise<string> {
  let page = pages.get(caseFile)
  if (page === undefined) {
    const contents = [
      `import { cases } from ${JSON.stringify(resolve(benchDir, caseFile))}`,
      `import { runOne } from ${JSON.stringify(join(benchDir, 'lib', 'run-one.ts'))}`,
      `import { runPage } from ${JSON.stringify(join(benchDir, '..', 'tooling', 'browser-page.ts'))}`,
      'runPage(async ({ argv }: { argv: string[] }) => ({ result: await runOne(cases, argv), userAgent: navigator.userAgent }))',
    ].join('\n')
    page = bundleForBrowser({ contents, resolveDir: benchDir, name: `${caseFile} (browser page)` }, BUNDLE_OPTIONS)
    pages.set(caseFile, page)
  }
  return page
}

/** Runs one implementation of one case in a fresh Chromium; like `runChild`, never rejects. */
export async function runBrowserChild(chromium: string, caseFile: string, args: readonly string[]): Promise<ChildOutcome<BrowserChildResult>> {
  try {
    const value = await runInChromium({
      chromium,
      entry: { bundled: await browserPage(caseFile) },
      params: { argv: args },
      flags: ['--js-flags=--expose-gc'],
      timeoutMs: 10 * 60_000,
    })
    return { ok: true, value: value as BrowserChildResult }
  } catch (error) {
    const message = (error as Error).message
    return { ok: false, error: errorSummary(message.replace(/^in Chromium: /, ''), 'failed in Chromium'), detail: `${caseFile} ${args.join(' ')}: ${message}` }
  }
}
