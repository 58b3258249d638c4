import type { IpcFileReader } from '@lightstream/ipc'

/** An IPC file reader over a local path, and how it reads. */
export interface MappedFile {
  readonly reader: IpcFileReader
  /** `mmap` when the file is memory-mapped (batches are views of the mapping), `read` for the read fallback. */
  readonly access: 'mmap' | 'read'
  /** Why mapping was not used (the addon is not built...), when `access` is `read`. */
  readonly fallbackReason: string | undefined
}

/**
 * Open an IPC file by path, zero-copy: `@lightstream/mmap-native`'s `openIPCFile` maps it when its addon is
 * built and falls back to positional reads otherwise (silently here: `access` says which, and `--verbose`
 * commands may print `fallbackReason`). O(footer); no batch is read yet.
 *
 * @throws the file reader's errors (IpcFormatError, TruncatedInputError, ...) and mmap-native's
 * (MmapNotFoundError, MmapOpenError, ...).
 */
export async function openMappedFile(path: string, signal: AbortSignal | undefined): Promise<MappedFile> {
  const { openIPCFile } = await import('@lightstream/mmap-native')
  let fallbackReason: string | undefined
  const reader = openIPCFile(path, {
    mmap: true,
    log: (line: string) => {
      fallbackReason = line
    },
    ...(signal === undefined ? {} : { signal }),
  })
  return { reader, access: fallbackReason === undefined ? 'mmap' : 'read', fallbackReason }
}
