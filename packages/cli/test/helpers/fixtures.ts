/**
 * The Apache Arrow conformance files (apache/arrow-testing), read in place: from `ARROW_TESTING_DIR`, else
 * `../shared/arrow-testing` beside the project root (the same rule as the ipc tests). Missing: suites are
 * skipped with a message, except under `CI=true`, where that is a failure.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describeIf } from '../../../../tooling/describe-if'
import { PACKAGE_DIR } from './cli-process'

const PROJECT_ROOT = resolve(PACKAGE_DIR, '..', '..')
export const ARROW_TESTING_DIR = resolve(process.env.ARROW_TESTING_DIR ?? join(PROJECT_ROOT, '..', 'shared', 'arrow-testing'))
const HOW_TO_GET = `Arrow conformance files not found at ${ARROW_TESTING_DIR}: git clone https://github.com/apache/arrow-testing and set ARROW_TESTING_DIR`

/** The directory of one producer's integration files, e.g. `cpp-21.0.0`. */
export function integrationDir(producer: string): string {
  return join(ARROW_TESTING_DIR, 'data', 'arrow-ipc-stream', 'integration', producer)
}

/** Declares a suite that needs the gold files: runs, skips with a message, or fails under CI=true. */
export function describeWithGoldFiles(name: string, body: () => void): void {
  describeIf(existsSync(integrationDir('cpp-21.0.0')), name, HOW_TO_GET, body)
}
