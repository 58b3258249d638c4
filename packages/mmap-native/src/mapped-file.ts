import { InvalidArgumentError, TruncatedInputError, type RandomAccessSource } from '@lightstream/core'
import type { ExternalMemory } from '@lightstream/core-buffer'
import { closeQuietly } from './open-regular-file'

/** How a {@link MappedFile} reaches the bytes: a memory map (views, no copies) or positional file reads (copies). */
export type MapMode = 'mmap' | 'read'

/**
 * `madvise` hints: how the mapping will be read. `'populate'` faults the range's pages in at once (one system
 * call, `MADV_POPULATE_READ` on Linux 5.14+, reading from disk what is not cached; `'willneed'` elsewhere) so a
 * later scan takes no page faults; the others only inform the kernel's read-ahead.
 */
export type MapAdvice = 'normal' | 'sequential' | 'random' | 'willneed' | 'populate'

/** The advice values the native module understands. @internal */
export const ADVICE_CODES: Readonly<Record<MapAdvice, number>> = { normal: 0, sequential: 1, random: 2, willneed: 3, populate: 4 }

/** What reading a {@link MappedFile} has cost. */
export interface MapStats {
  /** Calls of `read`. */
  reads: number
  /** Reads answered with a view into the mapping (no copy). */
  views: number
  /**
   * Reads answered with a copy: in mmap mode a range crossing a window edge (longer than the window overlap
   * there), in read mode every read (the bytes come from the file).
   */
  copies: number
  /** Bytes those copies moved. */
  copiedBytes: number
}

/**
 * One mapping of part of a file: `byteLength` bytes starting at file offset `offset` (a multiple of the page
 * size). Consecutive windows overlap (see `windowOverlap`).
 */
export interface MappedWindow {
  /** Where the window starts in the file. */
  readonly offset: number
  /** How many bytes it maps (the size when mapped; it does not change on close). */
  readonly byteLength: number
  /**
   * The mapped bytes: a `Uint8Array` over an external ArrayBuffer. No copy.
   * @throws ReleasedMemoryError (ERR_RELEASED, from `@lightstream/core`) after the file is closed.
   */
  readonly bytes: Uint8Array
  /** The owner of the mapping (released, i.e. detached and unmapped, by `close()`). */
  readonly memory: ExternalMemory
}

/**
 * A file opened by {@link mapFile}: memory-mapped (`mode === 'mmap'`) or, when the native addon is not
 * available, read with positional reads (`mode === 'read'`). Either way it is a synchronous
 * `RandomAccessSource`, so `IpcFileReader.openSync(mapped)` reads Arrow IPC files from it.
 *
 * Closing detaches every ArrayBuffer handed out before it unmaps, so views kept past `close()` read as empty
 * (length 0) rather than pointing at unmapped memory. A mapping never closed is unmapped when the garbage
 * collector frees its last view, and its file descriptor closed when the MappedFile is collected.
 */
export interface MappedFile extends RandomAccessSource {
  /** The path that was opened. */
  readonly path: string
  /** The file's size when it was opened; reads after the file changed size throw `MmapChangedError`. */
  readonly byteLength: number
  /** `'mmap'`: reads are views into the mapping; `'read'`: reads copy from the file (the fallback). */
  readonly mode: MapMode
  /** True when opened with `mode: 'rw'`: `write` and writes through views reach the file. */
  readonly writable: boolean
  /** The mappings, in file order (empty in read mode and for an empty file). */
  readonly windows: readonly MappedWindow[]
  /**
   * The whole file as one `Uint8Array` when it is one mapping (files up to `windowSize`); `undefined` when it is
   * mapped as several windows or read with file reads. No copy.
   * @throws MmapClosedError after close.
   */
  readonly bytes: Uint8Array | undefined
  /** Counters of views and copies. */
  readonly stats: MapStats
  /** True once `close()` ran. */
  readonly closed: boolean
  /**
   * `length` bytes at `offset`. mmap mode: a view into one window (O(1), no copy) when the range fits one,
   * else one copy into 64-byte aligned memory (counted in `stats.copies`); read mode: one positional read into
   * fresh 64-byte aligned memory. Checks first that the file still has the size it had when opened (one fstat).
   * @throws TruncatedInputError past the end; InvalidArgumentError for offsets and lengths that are not
   * non-negative integers; MmapChangedError when the file's size changed; MmapClosedError after close.
   */
  read(offset: number, length: number): Uint8Array
  /**
   * Tell the kernel how `[offset, offset + length)` (default: the whole file) will be read. O(windows);
   * does nothing in read mode.
   * @throws InvalidArgumentError for an unknown advice or a bad range; MmapClosedError after close.
   */
  advise(advice: MapAdvice, offset?: number, length?: number): void
  /**
   * Copy `bytes` into the file at `offset` (through the mapping, or a positional write in read mode). The file
   * cannot grow: the range must be inside it.
   * @throws MmapReadOnlyError unless opened with `mode: 'rw'`; TruncatedInputError past the end;
   * MmapClosedError after close.
   */
  write(offset: number, bytes: Uint8Array): void
  /** Write dirty pages to disk (msync, or fsync in read mode). Does nothing when read-only. @throws MmapClosedError after close. */
  flush(): void
  /**
   * Detach every ArrayBuffer handed out (views now have length 0), unmap, close the descriptor. Idempotent.
   * @throws MmapOpenError when the system refuses to unmap or close (the file is closed all the same).
   */
  close(): void
}

/**
 * Check a read or write range against the file size.
 * @throws InvalidArgumentError for non-integers or negatives; TruncatedInputError past the end.
 * @internal
 */
export function checkRange(what: string, offset: number, length: number, byteLength: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new InvalidArgumentError(`${what}(${String(offset)}, ${String(length)}): offset and length must be non-negative integers`)
  }
  if (offset + length > byteLength) {
    throw new TruncatedInputError(`${what}(${offset}, ${length}) passes the end of a file of ${byteLength} bytes`)
  }
}

/**
 * The advice code, checked.
 * @throws InvalidArgumentError for anything but the four advice names.
 * @internal
 */
export function adviceCode(advice: unknown): number {
  const code = typeof advice === 'string' && Object.hasOwn(ADVICE_CODES, advice) ? ADVICE_CODES[advice as MapAdvice] : undefined
  if (code === undefined) throw new InvalidArgumentError(`advice must be one of ${Object.keys(ADVICE_CODES).join(', ')}, got ${String(advice)}`)
  return code
}

/** A zeroed {@link MapStats}. @internal */
export function createMapStats(): MapStats {
  return { reads: 0, views: 0, copies: 0, copiedBytes: 0 }
}

/** Closes the descriptor of a file that was garbage collected without `close()`. */
const descriptors = new FinalizationRegistry<number>(closeQuietly)

/** Close `fd` when `owner` is collected, unless {@link untrackDescriptor} runs first. @internal */
export function trackDescriptor(owner: object, fd: number): void {
  descriptors.register(owner, fd, owner)
}

/** @internal */
export function untrackDescriptor(owner: object): void {
  descriptors.unregister(owner)
}

const disposeSymbol: symbol | undefined = (Symbol as { dispose?: symbol }).dispose

/** Make `close()` the `Symbol.dispose` of a class's instances where the runtime has the symbol. @internal */
export function makeDisposable(target: { prototype: { close(): void } }): void {
  if (disposeSymbol === undefined) return
  Object.defineProperty(target.prototype, disposeSymbol, {
    value(this: { close(): void }): void {
      this.close()
    },
    writable: true,
    configurable: true,
  })
}
