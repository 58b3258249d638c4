import { closeSync } from 'node:fs'
import { InvalidArgumentError } from '@lightstream/core'
import { allocUnsafe, defaultAllocator, ExternalMemory } from '@lightstream/core-buffer'
import type { NativeBinding, NativeHandle } from './load-addon'
import {
  adviceCode, checkRange, createMapStats, makeDisposable, trackDescriptor, untrackDescriptor,
  type MapAdvice, type MappedFile, type MappedWindow, type MapStats,
} from './mapped-file'
import { MmapChangedError, MmapClosedError, MmapOpenError, MmapReadOnlyError, systemCall, systemCode } from './mmap-errors'
import { closeQuietly, type OpenedFile } from './open-regular-file'
import { releaseWhenFree, trackUncounted } from './release-mapping'
import { planWindows, windowFor, windowPieces, windowsTouching, type WindowPlan } from './window-layout'

/** Options {@link MmapFile} is built with, already checked. @internal */
export interface MmapFileOptions {
  readonly writable: boolean
  readonly windowSize: number
  readonly windowOverlap: number
  readonly checkSize: boolean
}

class Window implements MappedWindow {
  constructor(readonly offset: number, readonly byteLength: number, readonly memory: ExternalMemory) {}
  get bytes(): Uint8Array {
    return this.memory.bytes
  }
}

/**
 * The mmap mode of {@link MappedFile}: the file as windows of external ArrayBuffers. Takes ownership of the
 * opened descriptor (closed on failure and on close). @internal
 */
export class MmapFile implements MappedFile {
  readonly path: string
  readonly byteLength: number
  readonly mode = 'mmap' as const
  readonly writable: boolean
  readonly windows: readonly MappedWindow[]
  readonly stats: MapStats = createMapStats()
  readonly #binding: NativeBinding
  readonly #plan: WindowPlan
  /** The windows' bytes, for the read fast path (the same views `windows[k].bytes` gives). */
  readonly #views: Uint8Array[] = []
  readonly #handles: NativeHandle[] = []
  readonly #fd: number
  readonly #checkSize: boolean
  #closed = false

  /** @throws MmapOpenError when a window cannot be mapped (everything mapped so far is released). */
  constructor(file: OpenedFile, binding: NativeBinding, options: MmapFileOptions) {
    this.path = file.path
    this.byteLength = file.size
    this.writable = options.writable
    this.#binding = binding
    this.#fd = file.fd
    this.#checkSize = options.checkSize
    this.#plan = planWindows(file.size, options.windowSize, options.windowOverlap)
    const windows: Window[] = []
    try {
      for (const [offset, length] of this.#plan.windows) {
        const [buffer, handle, uncounted] = binding.map(file.fd, offset, length, options.writable, true)
        const view = new Uint8Array(buffer)
        const name = `${file.path} [${offset}, ${offset + length})`
        if (uncounted) trackUncounted(buffer, binding, handle)
        const release = (): void => {
          if (!binding.unmap(handle, buffer)) releaseWhenFree(binding, handle)
        }
        windows.push(new Window(offset, length, new ExternalMemory(view, { owner: handle, name, release })))
        this.#views.push(view)
        this.#handles.push(handle)
      }
    } catch (error) {
      for (const window of windows) window.memory.release()
      closeQuietly(file.fd)
      throw new MmapOpenError(file.path, 'mmap', systemCode(error), { cause: error })
    }
    this.windows = windows
    trackDescriptor(this, file.fd)
  }

  get closed(): boolean {
    return this.#closed
  }

  get bytes(): Uint8Array | undefined {
    this.#checkOpen('bytes')
    if (this.byteLength === 0) return new Uint8Array(0)
    return this.#views.length === 1 ? this.#views[0] : undefined
  }

  read(offset: number, length: number): Uint8Array {
    this.#checkOpen('read')
    checkRange('read', offset, length, this.byteLength)
    this.#checkUnchanged()
    const stats = this.stats
    stats.reads++
    const k = length === 0 ? -2 : windowFor(this.#plan, offset, length)
    if (k >= 0) {
      stats.views++
      const start = offset - this.#plan.windows[k]![0]
      return this.#views[k]!.subarray(start, start + length)
    }
    if (k === -2) {
      stats.views++
      return new Uint8Array(0)
    }
    const out = allocUnsafe(defaultAllocator, length)
    let at = 0
    for (const [w, start, n] of windowPieces(this.#plan, offset, length)) {
      out.set(this.#views[w]!.subarray(start, start + n), at)
      at += n
    }
    stats.copies++
    stats.copiedBytes += length
    return out
  }

  advise(advice: MapAdvice, offset = 0, length: number = this.byteLength - offset): void {
    const code = adviceCode(advice)
    this.#checkOpen('advise')
    checkRange('advise', offset, length, this.byteLength)
    for (const [w, start, n] of windowsTouching(this.#plan, offset, length)) {
      systemCall(this.path, 'madvise', () => this.#binding.advise(this.#handles[w]!, start, n, code))
    }
  }

  write(offset: number, bytes: Uint8Array): void {
    this.#checkOpen('write')
    if (!this.writable) throw new MmapReadOnlyError(this.path)
    if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('write(offset, bytes) needs a Uint8Array')
    checkRange('write', offset, bytes.length, this.byteLength)
    this.#checkUnchanged()
    // Shared mappings of one file share its pages, so writing each byte through one window is enough.
    let at = 0
    for (const [w, start, n] of windowPieces(this.#plan, offset, bytes.length)) {
      this.#views[w]!.set(bytes.subarray(at, at + n), start)
      at += n
    }
  }

  flush(): void {
    this.#checkOpen('flush')
    if (!this.writable) return
    this.#handles.forEach((handle, k) => {
      systemCall(this.path, 'msync', () => this.#binding.sync(handle, 0, this.#plan.windows[k]![1]))
    })
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    untrackDescriptor(this)
    let failure: unknown
    for (const window of this.windows) {
      try {
        window.memory.release()
      } catch (error) {
        failure ??= new MmapOpenError(this.path, 'munmap', systemCode(error), { cause: error })
      }
    }
    this.#views.length = 0
    try {
      closeSync(this.#fd)
    } catch (error) {
      failure ??= new MmapOpenError(this.path, 'close', systemCode(error), { cause: error })
    }
    if (failure !== undefined) throw failure
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new MmapClosedError(this.path, what)
  }

  /** One fstat: refuse to touch the mapping once the file is shorter (SIGBUS) or otherwise resized. */
  #checkUnchanged(): void {
    if (!this.#checkSize) return
    const size = systemCall(this.path, 'fstat', () => this.#binding.fileSize(this.#fd))
    if (size !== this.byteLength) throw new MmapChangedError(this.path, this.byteLength, size)
  }
}

makeDisposable(MmapFile)
