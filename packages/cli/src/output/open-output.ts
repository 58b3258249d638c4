import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ByteSink } from '@lightstream/core'
import type { CliIo } from '../cli/cli-io'
import { idempotentSink } from './idempotent-sink'

/** Where a command writes bytes: a file (written under a temporary name, renamed at the end) or stdout. */
export interface Output {
  /** The path, or `stdout`. */
  readonly label: string
  readonly sink: ByteSink
  readonly isStdout: boolean
  /** Success: close the sink; a file is renamed into place (readers never see a partial file). */
  commit(): Promise<void>
  /** Failure: abort the sink and delete the partial file. Never throws. */
  discard(reason?: unknown): Promise<void>
}

/**
 * Open an output given on the command line: a path, or `-` / nothing for stdout. A path is written to a
 * temporary file beside it (`.NAME.lightstream-PID.tmp`) through `@lightstream/async/node`'s `sinkFromWritable`
 * with backpressure, then renamed over `path` on `commit()`.
 */
export async function openOutput(spec: string | undefined, io: CliIo): Promise<Output> {
  if (spec === undefined || spec === '-') {
    const sink = io.stdout()
    return {
      label: 'stdout',
      sink,
      isStdout: true,
      async commit() {},
      async discard() {},
    }
  }
  const [{ createWriteStream }, { sinkFromWritable }] = await Promise.all([import('node:fs'), import('@lightstream/async/node')])
  const temp = join(dirname(spec), `.${basename(spec)}.lightstream-${process.pid}.tmp`)
  const stream = createWriteStream(temp, { flags: 'w' })
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', reject)
  })
  const sink = idempotentSink(sinkFromWritable(stream, io.signal === undefined ? {} : { signal: io.signal }))
  let settled = false
  return {
    label: spec,
    sink,
    isStdout: false,
    async commit() {
      settled = true
      await sink.close()
      await rename(temp, spec)
    },
    async discard(reason) {
      if (settled) return
      settled = true
      try {
        await sink.abort(reason)
      } catch {
        // already failed: nothing more to stop
      }
      if (!stream.closed) await new Promise<void>((resolve) => stream.destroy().once('close', () => resolve()))
      await rm(temp, { force: true })
    },
  }
}
