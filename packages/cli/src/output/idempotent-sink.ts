import type { ByteSink } from '@lightstream/core'

/**
 * A ByteSink whose `close()` and `abort()` act once: the first call goes to `sink`, later calls return the
 * same promise. Lets a writer close the sink and the command close it again without caring who was first.
 */
export function idempotentSink(sink: ByteSink): ByteSink {
  let ending: Promise<void> | undefined
  const writev = sink.writev
  return {
    write: (chunk) => sink.write(chunk),
    ...(writev === undefined ? {} : { writev: (chunks: readonly Uint8Array[]) => writev.call(sink, chunks) }),
    close: () => (ending ??= Promise.resolve().then(() => sink.close())),
    abort: (reason) => (ending ??= Promise.resolve().then(() => sink.abort(reason))),
  }
}
