/**
 * The process side of the `lightstream` command (`bin/lightstream.mjs` imports the built copy of this
 * module): runs {@link run} over `process.argv`, turns Ctrl-C into an AbortSignal (a second Ctrl-C exits
 * at once), ignores a closed stdout pipe, and sets `process.exitCode` without calling `process.exit`, so
 * output is flushed before the process ends.
 */
import { processIo } from './cli/cli-io'
import { run } from './cli/run'

/** Run the command line of this process and set its exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController()
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort(new Error('interrupted'))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // `lightstream cat big.arrows | head`: the reader left; stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
  })
  try {
    const code = await run(argv, await processIo(controller.signal))
    process.exitCode = code
    return code
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
