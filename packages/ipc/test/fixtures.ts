/**
 * Locates the Apache Arrow conformance files (apache/arrow-testing) for the IPC tests. They are read in
 * place, never copied into the project: from `ARROW_TESTING_DIR` when set, otherwise from
 * `../shared/arrow-testing` beside the project root.
 *
 * When they are missing, suites declared with {@link describeWithArrowTesting} are skipped with a message
 * saying how to get them, except under `CI=true`, where a missing directory is a failing test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { describeIf } from '../../../tooling/describe-if'

const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')

/** Where the files are expected (they may be missing). */
export const ARROW_TESTING_DIR = resolve(process.env.ARROW_TESTING_DIR ?? join(PROJECT_ROOT, '..', 'shared', 'arrow-testing'))

const HOW_TO_GET =
  `Arrow conformance files not found at ${ARROW_TESTING_DIR}. Get them with ` +
  '`git clone https://github.com/apache/arrow-testing <dir>` (the suites use revision ' +
  '9cfebfef8982fb8612e0a2c59059752bd32321a3) and set ARROW_TESTING_DIR=<dir>, or place them at ../shared/arrow-testing ' +
  'beside the project root.'

/** True when the arrow-testing data directory is present. */
export const hasArrowTesting = existsSync(join(ARROW_TESTING_DIR, 'data', 'arrow-ipc-stream', 'integration'))

/**
 * Declares a suite that needs the arrow-testing files. Present: runs `body(dir)`. Missing: skipped with a
 * message (locally) or fails (under `CI=true`).
 */
export function describeWithArrowTesting(name: string, body: (dir: string) => void): void {
  describeIf(hasArrowTesting, name, HOW_TO_GET, () => body(ARROW_TESTING_DIR))
}

/** One integration case: the same data as IPC file, IPC stream and integration JSON. */
export interface IntegrationCase {
  readonly producer: string
  readonly name: string
  readonly arrowFile: string
  readonly stream: string
  readonly json: string
}

/** The integration cases written by `producer` (e.g. `cpp-21.0.0`), sorted by name. */
export function integrationCases(dir: string, producer: string): IntegrationCase[] {
  const base = join(dir, 'data', 'arrow-ipc-stream', 'integration', producer)
  if (!existsSync(base)) return []
  return readdirSync(base)
    .filter((f) => f.endsWith('.arrow_file'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.arrow_file'.length)
      return {
        producer,
        name,
        arrowFile: join(base, f),
        stream: join(base, `${name}.stream`),
        json: join(base, `${name}.json.gz`),
      }
    })
}

/** Reads a file as a Uint8Array (a fresh, offset-0 copy owned by the test). */
export function readBytes(path: string): Uint8Array {
  const buf = readFileSync(path)
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
}

/** Reads and gunzips an integration `.json.gz` file. */
export function readJsonGz(path: string): unknown {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'))
}
