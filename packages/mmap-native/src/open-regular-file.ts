import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { InvalidArgumentError } from '@lightstream/core'
import { MmapNotAFileError, MmapNotFoundError, MmapOpenError, systemCode, type FileKind } from './mmap-errors'

/** An open regular file. @internal */
export interface OpenedFile {
  readonly path: string
  readonly fd: number
  readonly size: number
}

/**
 * The path as a string: strings as given, `file:` URLs converted.
 * @throws InvalidArgumentError for anything else, an empty path, or one containing a NUL byte.
 * @internal
 */
export function toPath(path: unknown): string {
  let text: string
  if (typeof path === 'string') text = path
  else if (path instanceof URL) {
    if (path.protocol !== 'file:') throw new InvalidArgumentError(`only file: URLs name files, got ${path.protocol}`)
    text = fileURLToPath(path)
  } else throw new InvalidArgumentError('the path must be a string or a file: URL')
  if (text.length === 0 || text.includes('\0')) throw new InvalidArgumentError('the path must be non-empty and contain no NUL byte')
  return text
}

function kindOf(stats: Stats): FileKind {
  if (stats.isDirectory()) return 'directory'
  if (stats.isFIFO()) return 'fifo'
  if (stats.isSocket()) return 'socket'
  if (stats.isCharacterDevice()) return 'character-device'
  if (stats.isBlockDevice()) return 'block-device'
  if (stats.isSymbolicLink()) return 'symlink'
  return 'unknown'
}

/**
 * Open `path` for mapping or reading and check that it is a regular file. Opened with O_NONBLOCK so a FIFO
 * is refused at once instead of blocking until a writer appears (the flag does nothing to regular files).
 * @throws MmapNotFoundError (ENOENT, or ENOTDIR for a path through a file); MmapNotAFileError for a
 * directory, FIFO, socket or device; MmapOpenError for any other failure (EACCES, EMFILE, ELOOP...).
 * @internal
 */
export function openRegularFile(path: string, writable: boolean): OpenedFile {
  const flags = (writable ? constants.O_RDWR : constants.O_RDONLY) | (constants.O_NONBLOCK ?? 0)
  let fd: number
  try {
    fd = openSync(path, flags)
  } catch (error) {
    const code = systemCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MmapNotFoundError(path, { cause: error })
    if (code === 'EISDIR') throw new MmapNotAFileError(path, 'directory', { cause: error })
    // ENXIO: a socket file, or a FIFO opened for writing with no reader.
    if (code === 'ENXIO') throw new MmapNotAFileError(path, 'socket', { cause: error })
    throw new MmapOpenError(path, 'open', code, { cause: error })
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new MmapNotAFileError(path, kindOf(stats))
    if (!Number.isSafeInteger(stats.size)) throw new MmapOpenError(path, 'fstat', 'EOVERFLOW')
    return { path, fd, size: stats.size }
  } catch (error) {
    closeQuietly(fd)
    if (error instanceof MmapNotAFileError || error instanceof MmapOpenError) throw error
    throw new MmapOpenError(path, 'fstat', systemCode(error), { cause: error })
  }
}

/** Close a descriptor, ignoring errors (it is being abandoned). @internal */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // already closed or never valid: nothing left to release
  }
}
