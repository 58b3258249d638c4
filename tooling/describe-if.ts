/**
 * Suites that need something optional (conformance files, a built package, a browser): the one rule every
 * such suite follows. Present: the suite runs. Missing: it is skipped with a message saying how to get it,
 * except under `CI=true`, where the missing thing is a failing test, so CI cannot pass by skipping.
 */
import { describe, it } from 'vitest'
import { CHROMIUM_HOW_TO_GET, findChromium } from './browser'

/** Declares `body` as suite `name` when `available`; otherwise skips it with `why` (fails under `CI=true`). */
export function describeIf(available: boolean, name: string, why: string, body: () => void): void {
  if (available) describe(name, body)
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has what it needs', () => {
        throw new Error(why)
      })
    })
  } else {
    console.warn(`[skipped] ${name}: ${why}`)
    describe.skip(`${name} (skipped: ${why})`, () => it('needs it', () => {}))
  }
}

/**
 * Declares a suite that runs in Chromium. Found: runs `body(chromium)`. Missing: skipped with a message
 * (locally) or a failing test (under `CI=true`).
 */
export function describeInChromium(name: string, body: (chromium: string) => void): void {
  const chromium = findChromium()
  describeIf(chromium !== undefined, name, CHROMIUM_HOW_TO_GET, () => body(chromium!))
}
