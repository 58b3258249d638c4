import { LightstreamError, type LightstreamErrorOptions } from '@lightstream/core'

/** The stable codes of this package's errors, one per class. */
export const MmapErrorCode = {
  /** No file at that path. */
  NotFound: 'ERR_MMAP_NOT_FOUND',
  /** The path is a directory, FIFO, socket or device, not a regular file. */
  NotAFile: 'ERR_MMAP_NOT_A_FILE',
  /** The file could not be opened or mapped (permissions, address space, too many mappings...). */
  OpenFailed: 'ERR_MMAP_OPEN_FAILED',
  /** A read, write or advice after `close()`. */
  Closed: 'ERR_MMAP_CLOSED',
  /** The file's size changed since it was mapped (it was truncated or appended to underneath). */
  Changed: 'ERR_MMAP_CHANGED',
  /** `fallback: 'never'` and the native addon is not available. */
  Unavailable: 'ERR_MMAP_UNAVAILABLE',
  /** A write to a file mapped read-only (`mode: 'r'`). */
  ReadOnly: 'ERR_MMAP_READ_ONLY',
} as const

/** One of the values of {@link MmapErrorCode}. */
export type MmapErrorCodeValue = (typeof MmapErrorCode)[keyof typeof MmapErrorCode]

/** What a path that is not a regular file turned out to be. */
export type FileKind = 'directory' | 'fifo' | 'socket' | 'character-device' | 'block-device' | 'symlink' | 'unknown'

/** The root of this package's errors; test with `instanceof MmapError` or compare `code`. */
export class MmapError extends LightstreamError {
  override name = 'MmapError'
  declare readonly code: MmapErrorCodeValue
  /** The file the error is about. */
  readonly path: string
  constructor(message: string, code: MmapErrorCodeValue, path: string, options?: LightstreamErrorOptions) {
    super(message, code, options)
    this.path = path
  }
}

/** No file at that path. Code `ERR_MMAP_NOT_FOUND`; `cause` is the system error (ENOENT). */
export class MmapNotFoundError extends MmapError {
  override name = 'MmapNotFoundError'
  declare readonly code: typeof MmapErrorCode.NotFound
  constructor(path: string, options?: LightstreamErrorOptions) {
    super(`${path}: no such file`, MmapErrorCode.NotFound, path, options)
  }
}

/** The path names something other than a regular file. Code `ERR_MMAP_NOT_A_FILE`; `kind` says what. */
export class MmapNotAFileError extends MmapError {
  override name = 'MmapNotAFileError'
  declare readonly code: typeof MmapErrorCode.NotAFile
  /** What the path is instead. */
  readonly kind: FileKind
  constructor(path: string, kind: FileKind, options?: LightstreamErrorOptions) {
    super(`${path} is a ${kind}, not a regular file: only regular files can be mapped`, MmapErrorCode.NotAFile, path, options)
    this.kind = kind
  }
}

/**
 * The file could not be opened or mapped. Code `ERR_MMAP_OPEN_FAILED`; `syscallCode` is the system's code
 * (`EACCES`, `ENOMEM`, `EMFILE`...) and `cause` the original error.
 */
export class MmapOpenError extends MmapError {
  override name = 'MmapOpenError'
  declare readonly code: typeof MmapErrorCode.OpenFailed
  /** The system error code, e.g. `'EACCES'`; `'UNKNOWN'` when there was none. */
  readonly syscallCode: string
  constructor(path: string, what: string, syscallCode: string, options?: LightstreamErrorOptions) {
    super(`${path}: ${what} failed (${syscallCode})`, MmapErrorCode.OpenFailed, path, options)
    this.syscallCode = syscallCode
  }
}

/** A read, write or advice on a closed file. Code `ERR_MMAP_CLOSED`. */
export class MmapClosedError extends MmapError {
  override name = 'MmapClosedError'
  declare readonly code: typeof MmapErrorCode.Closed
  constructor(path: string, what: string) {
    super(`${path}: ${what} after close()`, MmapErrorCode.Closed, path)
  }
}

/**
 * The file's size is not what it was when mapped: something truncated or extended it. Reading on could
 * touch pages past the new end of the file (SIGBUS), so the read is refused. Code `ERR_MMAP_CHANGED`.
 */
export class MmapChangedError extends MmapError {
  override name = 'MmapChangedError'
  declare readonly code: typeof MmapErrorCode.Changed
  /** The size when the file was mapped. */
  readonly expectedSize: number
  /** The size now. */
  readonly actualSize: number
  constructor(path: string, expectedSize: number, actualSize: number) {
    super(`${path} changed size underneath its mapping: ${expectedSize} bytes when mapped, ${actualSize} now`, MmapErrorCode.Changed, path)
    this.expectedSize = expectedSize
    this.actualSize = actualSize
  }
}

/** `fallback: 'never'` was asked and the native addon could not be loaded. Code `ERR_MMAP_UNAVAILABLE`. */
export class MmapUnavailableError extends MmapError {
  override name = 'MmapUnavailableError'
  declare readonly code: typeof MmapErrorCode.Unavailable
  /** Why the addon is not available (not built, failed to load, disabled, the runtime refuses external memory). */
  readonly reason: string
  constructor(path: string, reason: string, options?: LightstreamErrorOptions) {
    super(`${path}: memory mapping is not available (${reason}) and fallback is 'never'`, MmapErrorCode.Unavailable, path, options)
    this.reason = reason
  }
}

/** A write to a file mapped with `mode: 'r'`. Code `ERR_MMAP_READ_ONLY`. */
export class MmapReadOnlyError extends MmapError {
  override name = 'MmapReadOnlyError'
  declare readonly code: typeof MmapErrorCode.ReadOnly
  constructor(path: string) {
    super(`${path} was mapped read-only (mode 'r'): map it with mode 'rw' to write`, MmapErrorCode.ReadOnly, path)
  }
}

/** The `code` of a failed system call (`'EACCES'`, `'EIO'`, …), or `'UNKNOWN'`. @internal */
export function systemCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'UNKNOWN'
}

/**
 * Run one system call on `path`'s file; a failure becomes an {@link MmapOpenError} naming `what` (the call).
 * @internal
 */
export function systemCall<T>(path: string, what: string, call: () => T): T {
  try {
    return call()
  } catch (error) {
    throw new MmapOpenError(path, what, systemCode(error), { cause: error })
  }
}
