/**
 * The browser harness itself (`tooling/browser.ts`): failures in the page or of Chromium reach the test as
 * errors that say what happened, instead of a hang or a silent pass.
 */
import { expect, it } from 'vitest'
import { runInChromium } from '../browser'
import { describeInChromium } from '../describe-if'

const page = (body: string) => ({
  contents: `import { runPage } from './browser-page'\n${body}`,
  resolveDir: `${import.meta.dirname}/..`,
  name: 'harness-page.ts',
})

it('reports a Chromium that cannot start', async () => {
  await expect(runInChromium({ chromium: '/nonexistent/chromium', entry: page('runPage(async () => 1)'), timeoutMs: 5000 })).rejects.toThrow(
    /Chromium exited before the page reported:[\s\S]*cannot start \/nonexistent\/chromium: spawn \/nonexistent\/chromium ENOENT/,
  )
})

it('refuses a page that imports a Node built-in, naming it', async () => {
  await expect(runInChromium({ chromium: '/unused', entry: page("import { readFileSync } from 'node:fs'\nrunPage(async () => readFileSync)") })).rejects.toThrow(
    /cannot bundle harness-page\.ts for browsers:\n.*Could not resolve "node:fs"/,
  )
})

describeInChromium('in Chromium', (chromium) => {
  it("passes the parameters in and the scenario's value out", async () => {
    expect(await runInChromium({ chromium, entry: page('runPage(async (p: { n: number }) => ({ twice: p.n * 2, isolated: crossOriginIsolated }))'), params: { n: 21 } })).toEqual({ twice: 42, isolated: true })
  })

  it("rejects with the scenario's error class, code and message", async () => {
    const body = "runPage(async () => { throw Object.assign(new RangeError('too far'), { code: 'ERR_TOO_FAR' }) })"
    await expect(runInChromium({ chromium, entry: page(body) })).rejects.toThrow(/in Chromium: RangeError \[ERR_TOO_FAR\]: too far/)
  })

  it('rejects on an error thrown outside the scenario', async () => {
    const body = "setTimeout(() => { throw new TypeError('stray') }, 0)\nrunPage(() => new Promise(() => {}))"
    await expect(runInChromium({ chromium, entry: page(body) })).rejects.toThrow(/in Chromium: TypeError: stray/)
  })

  it('gives up after the timeout when the page never reports', async () => {
    await expect(runInChromium({ chromium, entry: page('runPage(() => new Promise(() => {}))'), timeoutMs: 3000 })).rejects.toThrow(/no result from the page within 3000 ms/)
  })
})
