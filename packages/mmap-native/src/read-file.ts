import { closeSync, fstatSync, fsyncSync, readSync, writeSync } from 'node:fs'
import { InvalidArgumentError } from '@lightstream/core'
import { allocUnsafe, defaultAllocator } from '@lightstream/core-buffer'
import {
  adviceCode, checkRange, createMapStats, makeDisposable, trackDescriptor, untrackDescriptor,
  type MapAdvice, type MappedFile, type MappedWindow, type MapStats,
} from './mapped-file'
import { MmapChangedError, MmapClosedError, MmapReadOnlyError, systemCall } from './mmap-errors'
import type { OpenedFile } from './open-regular-file'

/** Largest single read/write handed to the system (Node refuses more than 2 GiB − 1 per call). */
const IO_CHUNK = 1024 * 1024 * 1024

/**
 * The read mode of {@link MappedFile}, used when the native addon is not available (or `fallback: 'always'`):
 * every `read` is a positional read into fresh 64-byte aligned memory. Synchronous like the mmap mode, so
 * the same code (and `IpcFileReader.openSync`) works over both. Takes ownership of the descriptor. @internal
 */
export class ReadFile implements MappedFile {
  readonly path: string
  readonly byteLength: number
  readonly mode = 'read' as const
  readonly writable: boolean
  readonly windows: readonly MappedWindow[] = []
  readonly stats: MapStats = createMapStats()
  readonly #fd: number
  readonly #checkSize: boolean
  #closed = false

  constructor(file: OpenedFile, options: { readonly writable: boolean; readonly checkSize: boolean }) {
    this.path = file.path
    this.byteLength = file.size
    this.writable = options.writable
    this.#fd = file.fd
    this.#checkSize = options.checkSize
    trackDescriptor(this, file.fd)
  }

  get closed(): boolean {
    return this.#closed
  }

  get bytes(): Uint8Array | undefined {
    this.#checkOpen('bytes')
    return undefined
  }

  read(offset: number, length: number): Uint8Array {
    this.#checkOpen('read')
    checkRange('read', offset, length, this.byteLength)
    this.#checkUnchanged()
    const out = allocUnsafe(defaultAllocator, length)
    let done = 0
    while (done < length) {
      const n = systemCall(this.path, 'read', () => readSync(this.#fd, out, done, Math.min(IO_CHUNK, length - done), offset + done))
      if (n === 0) {
        // The file ended early: it shrank between the size check and the read.
        throw new MmapChangedError(this.path, this.byteLength, this.#size())
      }
      done += n
    }
    const stats = this.stats
    stats.reads++
    stats.copies++
    stats.copiedBytes += length
    return out
  }

  advise(advice: MapAdvice, offset = 0, length: number = this.byteLength - offset): void {
    adviceCode(advice)
    this.#checkOpen('advise')
    checkRange('advise', offset, length, this.byteLength)
  }

  write(offset: number, bytes: Uint8Array): void {
    this.#checkOpen('write')
    if (!this.writable) throw new MmapReadOnlyError(this.path)
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('write(offset, bytes) needs a Uint8Array')
    checkRange('write', offset, bytes.length, this.byteLength)
    this.#checkUnchanged()
    let done = 0
    while (done < bytes.length) {
      done += systemCall(this.path, 'write', () => writeSync(this.#fd, bytes, done, Math.min(IO_CHUNK, bytes.length - done), offset + done))
    }
  }

  flush(): void {
    this.#checkOpen('flush')
    if (this.writable) systemCall(this.path, 'fsync', () => fsyncSync(this.#fd))
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    untrackDescriptor(this)
    systemCall(this.path, 'close', () => closeSync(this.#fd))
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new MmapClosedError(this.path, what)
  }

  #size(): number {
    return systemCall(this.path, 'fstat', () => fstatSync(this.#fd).size)
  }

  #checkUnchanged(): void {
    if (!this.#checkSize) return
    const size = this.#size()
    if (size !== this.byteLength) throw new MmapChangedError(this.path, this.byteLength, size)
  }
}

makeDisposable(ReadFile)
