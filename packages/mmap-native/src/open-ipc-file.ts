import { InvalidArgumentError, throwIfAborted } from '@lightstream/core'
import { IpcFileReader, type IpcFileReaderOptions } from '@lightstream/ipc'
import { mapFile, type MapFileOptions } from './map-file'

/** Options of {@link openIPCFile}: the file reader's options plus how to map. */
export interface OpenIpcFileOptions extends IpcFileReaderOptions, Omit<MapFileOptions, 'mode'> {
  /**
   * `true` (default): memory-map the file (falling back to file reads as `fallback` says). `false`: read it with
   * positional reads (the same as `fallback: 'always'`).
   */
  readonly mmap?: boolean
}

/**
 * Open an Arrow IPC file for random access over a memory map: one call for `mapFile(path)` +
 * `IpcFileReader.openSync(mapped)`. Opening reads only the trailer and the footer (two views, nothing
 * copied); `batchSync(i)` (or `await batch(i)`) reads block `i` as one view, and the batch's columns are views
 * into the mapping: zero copies for files written 8- or 64-byte aligned (`reader.stats.copies` stays 0).
 * A block longer than the window overlap that crosses a window edge (files over the window size only) is
 * copied once.
 *
 * Synchronous because mapping is: the reader works with `batchSync`, `for...of` and `readAllSync` as well as
 * the async methods. `reader.close()` unmaps the file and detaches every batch's buffers (their typed arrays
 * read as empty afterwards): copy what must outlive the reader.
 *
 * @example
 * ```ts
 * const reader = openIPCFile('/data/events.arrow')
 * for (const batch of reader) console.log(batch.numRows, batch.getChildAt(0)!.get(0))
 * await reader.close()
 * ```
 * @throws the errors of {@link mapFile} (MmapNotFoundError, MmapNotAFileError, MmapOpenError,
 * MmapUnavailableError); IpcFormatError for a file that is not Arrow IPC (the mapping is released);
 * AbortError when `signal` is already aborted; InvalidArgumentError for bad options.
 */
export function openIPCFile(path: string | URL, options: OpenIpcFileOptions = {}): IpcFileReader {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('openIPCFile options must be an object')
  throwIfAborted(options.signal)
  const { mmap, advice, windowSize, windowOverlap, fallback, log, checkSize, signal: _signal, ...readerOptions } = options
  if (mmap !== undefined && typeof mmap !== 'boolean') throw new InvalidArgumentError('mmap must be a boolean')
  const mapped = mapFile(path, {
    mode: 'r',
    fallback: mmap === false ? 'always' : fallback,
    ...(advice === undefined ? {} : { advice }),
    ...(windowSize === undefined ? {} : { windowSize }),
    ...(windowOverlap === undefined ? {} : { windowOverlap }),
    ...(log === undefined ? {} : { log }),
    ...(checkSize === undefined ? {} : { checkSize }),
  })
  try {
    return IpcFileReader.openSync(mapped, readerOptions)
  } catch (error) {
    mapped.close()
    throw error
  }
}
