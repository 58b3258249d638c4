import { registerCodec } from '@lightstream/ipc'

let loading: Promise<void> | undefined

/**
 * Register the compression codecs of `@lightstream/codecs` (LZ4 frame; zstd decoding, and encoding when a
 * zstd encoder package is installed) with the IPC readers and writers. Once per process; later calls share
 * the first. Compressed input fails with MissingDependencyError naming the package if it could not load.
 */
export function loadCodecs(): Promise<void> {
  loading ??= (async () => {
    let codecs: typeof import('@lightstream/codecs')
    try {
      codecs = await import('@lightstream/codecs')
    } catch {
      return // not installed: the readers say which package compressed input needs
    }
    for (const codec of await codecs.loadDefaultCodecs()) registerCodec(codec)
  })()
  return loading
}
