import { InvalidArgumentError, TruncatedInputError, type Allocator, type RandomAccessSource } from '@lightstream/core'
import { allocUnsafe, defaultAllocator } from '@lightstream/core-buffer'

function checkRange(offset: number, length: number, byteLength: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new InvalidArgumentError(`read(${offset}, ${length}): offset and length must be non-negative integers`)
  }
  if (offset + length > byteLength) {
    throw new TruncatedInputError(`read(${offset}, ${length}) passes the end of a source of ${byteLength} bytes`)
  }
}

/**
 * A {@link RandomAccessSource} over bytes in memory: `read` returns views (O(1), no copy) and is synchronous,
 * so readers over it stay synchronous (`IpcFileReader.openSync`).
 * @throws InvalidArgumentError when `bytes` is not a Uint8Array or ArrayBuffer.
 * @example
 * ```ts
 * const reader = IpcFileReader.openSync(bytesSource(fileBytes))
 * ```
 */
export function bytesSource(bytes: Uint8Array | ArrayBuffer): RandomAccessSource & { read(offset: number, length: number): Uint8Array } {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes
  if (!(view instanceof Uint8Array)) throw new InvalidArgumentError('bytesSource expects a Uint8Array or an ArrayBuffer')
  return {
    byteLength: view.byteLength,
    read(offset: number, length: number): Uint8Array {
      checkRange(offset, length, view.byteLength)
      return view.subarray(offset, offset + length)
    },
  }
}

/**
 * The part of Node's `fs.promises` FileHandle that {@link fileHandleSource} uses (duck-typed: no Node import,
 * and anything with the same shape works).
 */
export interface FileHandleLike {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>
  stat(): Promise<{ size: number | bigint }>
  close?(): Promise<void>
}

/** Options of {@link fileHandleSource}. */
export interface FileHandleSourceOptions {
  /** The file size; when absent it is asked of `handle.stat()`. */
  readonly byteLength?: number
  /** Where the bytes of each read land (64-byte aligned by default). */
  readonly allocator?: Allocator
  /** Whether `close()` closes the handle (default true: the source owns it). */
  readonly closeHandle?: boolean
}

/**
 * A {@link RandomAccessSource} over an open file handle, such as Node's `fs.promises.open(path)` result.
 * Each `read` allocates `length` bytes from the allocator (aligned, so views need no copy) and fills them
 * with as many `handle.read` calls as it takes. Asynchronous: use it with `IpcFileReader.open`.
 *
 * @example
 * ```ts
 * import { open } from 'node:fs/promises'
 * const reader = await IpcFileReader.open(await fileHandleSource(await open('data.arrow')))
 * const first = await reader.batch(0) // reads only that block
 * await reader.close()                // closes the file
 * ```
 * @throws InvalidArgumentError when `handle` lacks `read`/`stat`, or the size is not a safe integer.
 * @throws (from `read`) TruncatedInputError when the file ends before the bytes asked for.
 */
export async function fileHandleSource(handle: FileHandleLike, options: FileHandleSourceOptions = {}): Promise<RandomAccessSource> {
  if (handle === null || typeof handle !== 'object' || typeof handle.read !== 'function' || typeof handle.stat !== 'function') {
    throw new InvalidArgumentError('fileHandleSource expects a file handle with read(buffer, offset, length, position) and stat()')
  }
  const allocator = options.allocator ?? defaultAllocator
  const size = options.byteLength ?? Number((await handle.stat()).size)
  if (!Number.isSafeInteger(size) || size < 0) throw new InvalidArgumentError(`file size must be a non-negative safe integer, got ${String(size)}`)
  return {
    byteLength: size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      checkRange(offset, length, size)
      const out = allocUnsafe(allocator, length)
      let done = 0
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, offset + done)
        if (!(bytesRead > 0)) throw new TruncatedInputError(`the file ended after ${offset + done} bytes; ${length - done} more were expected`)
        done += bytesRead
      }
      return out
    },
    async close(): Promise<void> {
      if (options.closeHandle !== false && typeof handle.close === 'function') await handle.close()
    },
  }
}
