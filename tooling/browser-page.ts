/**
 * The page side of {@link ../browser.ts}: a bundled test page calls {@link runPage} once with its scenario.
 * The scenario gets the parameters the test passed, and its result (or its error) is posted back to the
 * harness's server, which is how the Node test learns what happened in the browser. Runs in browsers only
 * (no Node APIs), and in Node too, where the harness runs the same scenario for comparison.
 */

/** Where the page posts its outcome; the harness answers these two paths. */
export const RESULT_PATH = '/__result'
export const PARAMS_PATH = '/__params'

/** The outcome posted to {@link RESULT_PATH}. */
export type PageOutcome = { ok: true; value: unknown } | { ok: false; error: string }

/** Renders a thrown value with its class, code and stack: all a failing test can show of it. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`
  const code = (error as { code?: unknown }).code
  const head = `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${error.message}`
  return error.stack?.includes(error.message) ? `${head}\n${error.stack.split('\n').slice(1).join('\n')}` : `${head}\n${error.stack ?? ''}`
}

async function post(outcome: PageOutcome): Promise<void> {
  await fetch(RESULT_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outcome) })
}

/**
 * Runs `scenario` with the parameters from {@link PARAMS_PATH} and posts its JSON-serialisable result, or
 * the first error (thrown, rejected, or an uncaught error/rejection anywhere on the page).
 */
export function runPage<P, R>(scenario: (params: P) => Promise<R>): void {
  let posted = false
  const settle = (outcome: PageOutcome): void => {
    if (posted) return
    posted = true
    void post(outcome)
  }
  addEventListener('error', (event) => settle({ ok: false, error: describeError((event as ErrorEvent).error ?? (event as ErrorEvent).message) }))
  addEventListener('unhandledrejection', (event) => settle({ ok: false, error: describeError((event as PromiseRejectionEvent).reason) }))
  void (async () => {
    try {
      const params = (await (await fetch(PARAMS_PATH)).json()) as P
      settle({ ok: true, value: await scenario(params) })
    } catch (error) {
      settle({ ok: false, error: describeError(error) })
    }
  })()
}
