import { InvalidArgumentError } from '@lightstream/core'
import { loadAddon, reportFallback } from './load-addon'
import { adviceCode, type MapAdvice, type MappedFile } from './mapped-file'
import { MmapOpenError, MmapUnavailableError } from './mmap-errors'
import { MmapFile } from './mmap-file'
import { openRegularFile, toPath } from './open-regular-file'
import { ReadFile } from './read-file'
import { checkWindowOptions, DEFAULT_WINDOW_SIZE } from './window-layout'

/** When {@link mapFile} reads the file instead of mapping it. */
export type MapFallback = 'auto' | 'never' | 'always'

/** Options of {@link mapFile}. */
export interface MapFileOptions {
  /**
   * `'r'` (default): read-only. The mapping is private copy-on-write, so a write through a view changes only
   * this process's copy of that page, never the file (and never crashes). `'rw'`: shared and writable; writes
   * through views (and `write()`) reach the file.
   */
  readonly mode?: 'r' | 'rw'
  /** `madvise` hint applied to the whole file once mapped (default: none, i.e. the kernel's `normal`). */
  readonly advice?: MapAdvice
  /**
   * Largest single mapping (and `Uint8Array`): default {@link DEFAULT_WINDOW_SIZE} (2 GiB on Node 20, 64 GiB
   * where ArrayBuffers may exceed 4 GiB). A multiple of the page size, at most {@link MAX_WINDOW_SIZE}.
   */
  readonly windowSize?: number
  /**
   * Bytes consecutive windows share (default: half the window size). Any range of at most this many bytes is
   * one view; a longer range crossing a window edge is copied once. A multiple of the page size below
   * `windowSize`.
   */
  readonly windowOverlap?: number
  /**
   * `'auto'` (default): map when the addon loaded, else read the file, logging why once. `'never'`: throw
   * `MmapUnavailableError` instead of reading. `'always'`: read the file even when mapping is possible.
   */
  readonly fallback?: MapFallback
  /**
   * Where the fallback line goes: `true` (default) `console.warn` once per process; `false` nowhere; a
   * function receives it every time a fallback happens.
   */
  readonly log?: boolean | ((message: string) => void)
  /** Check the file's size before every read and write (one fstat) and refuse when it changed (default true). */
  readonly checkSize?: boolean
}

const FALLBACKS: readonly MapFallback[] = ['auto', 'never', 'always']

/**
 * Map a file into memory, or — when the native addon is not available — open it for positional reads; the
 * result says which (`mode`). Mapping is O(windows): nothing is read until a view is touched, and the pages
 * come from the page cache (no copy into the JS heap).
 *
 * @example
 * ```ts
 * const file = mapFile('/data/events.arrow')
 * console.log(file.mode, file.byteLength)   // 'mmap' 2013266000
 * const header = file.read(0, 8)            // a view: no copy
 * file.close()                              // header.length is 0 from here on
 * ```
 * @throws MmapNotFoundError (ERR_MMAP_NOT_FOUND) when nothing is at `path`; MmapNotAFileError
 * (ERR_MMAP_NOT_A_FILE) for a directory, FIFO, socket or device; MmapOpenError (ERR_MMAP_OPEN_FAILED) when
 * opening or mapping fails (EACCES, ENOMEM...); MmapUnavailableError (ERR_MMAP_UNAVAILABLE) with
 * `fallback: 'never'` and no addon; InvalidArgumentError for a bad path or options.
 */
export function mapFile(path: string | URL, options: MapFileOptions = {}): MappedFile {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('mapFile options must be an object')
  const file = toPath(path)
  const mode = options.mode ?? 'r'
  if (mode !== 'r' && mode !== 'rw') throw new InvalidArgumentError(`mode must be 'r' or 'rw', got ${String(mode)}`)
  const fallback = options.fallback ?? 'auto'
  if (!FALLBACKS.includes(fallback)) throw new InvalidArgumentError(`fallback must be one of ${FALLBACKS.join(', ')}, got ${String(fallback)}`)
  if (options.advice !== undefined) adviceCode(options.advice)
  if (options.log !== undefined && typeof options.log !== 'boolean' && typeof options.log !== 'function') {
    throw new InvalidArgumentError('log must be a boolean or a function')
  }
  const writable = mode === 'rw'
  const checkSize = options.checkSize !== false

  const { binding, status } = fallback === 'always' ? { binding: undefined, status: undefined } : loadAddon()
  if (binding === undefined) {
    if (fallback === 'never') throw new MmapUnavailableError(file, status?.reason ?? 'unknown')
    if (status !== undefined) reportFallback(status.reason ?? 'unknown', options.log)
    return new ReadFile(openRegularFile(file, writable), { writable, checkSize })
  }

  const windowSize = options.windowSize ?? DEFAULT_WINDOW_SIZE
  const windowOverlap = options.windowOverlap ?? Math.floor(windowSize / 2 / binding.pageSize) * binding.pageSize
  checkWindowOptions(windowSize, windowOverlap, binding.pageSize)
  let mapped: MappedFile
  try {
    mapped = new MmapFile(openRegularFile(file, writable), binding, { writable, windowSize, windowOverlap, checkSize })
  } catch (error) {
    // A runtime that forbids external ArrayBuffers (a V8 sandbox, as in Electron) can still read the file.
    if (!(error instanceof MmapOpenError && error.syscallCode === 'ENOEXTERNAL')) throw error
    if (fallback === 'never') throw new MmapUnavailableError(file, 'this runtime does not allow external ArrayBuffers', { cause: error })
    reportFallback('this runtime does not allow external ArrayBuffers', options.log)
    return new ReadFile(openRegularFile(file, writable), { writable, checkSize })
  }
  if (options.advice !== undefined && mapped.byteLength > 0) {
    try {
      mapped.advise(options.advice)
    } catch (error) {
      mapped.close()
      throw error
    }
  }
  return mapped
}
