import { InvalidArgumentError, OutOfRangeError, ReleasedMemoryError } from '@lightstream/core'

/** Options for {@link ExternalMemory}. */
export interface ExternalMemoryOptions {
  /** Whatever keeps the memory alive (a file mapping, a native handle); held until release, then dropped. */
  owner?: unknown
  /** Called exactly once, by the first {@link ExternalMemory.release}: unmap, close, free. */
  release?: () => void
  /** Names the memory in error messages, e.g. the mapped file's path. */
  name?: string
}

const disposeSymbol: symbol | undefined = (Symbol as { dispose?: symbol }).dispose

/**
 * Memory that Lightstream did not allocate and must not outlive its owner: a memory-mapped file, a buffer
 * lent by a native addon. Readers take views of it (no copy); `release` hands it back exactly once, and
 * from then on every access throws `ReleasedMemoryError` instead of reading unmapped memory.
 *
 * Where the runtime has `Symbol.dispose`, an ExternalMemory is disposable (`using mem = new ExternalMemory(...)`).
 *
 * A release hook that throws: the memory is released first (reference dropped, `released` true, a second
 * `release()` does nothing), then the hook's own error is rethrown unchanged. It is the owner's failure,
 * not Lightstream's, and wrapping it would hide its class from the owner's handlers.
 *
 * @example
 * ```ts
 * const mapped = new Uint8Array(4096) // stands in for a memory-mapped file
 * const mem = new ExternalMemory(mapped, { name: 'data.arrows', release: () => console.log('unmapped') })
 * const header = mem.view(0, 8)        // a view, no copy
 * mem.release()                        // logs 'unmapped' once; mem.bytes now throws ReleasedMemoryError
 * ```
 */
export class ExternalMemory {
  /** Names the memory in error messages. */
  readonly name: string
  #bytes: Uint8Array | undefined
  #owner: unknown
  #release: (() => void) | undefined

  /** @throws InvalidArgumentError when `bytes` is not a Uint8Array or ArrayBuffer, or `release` is not a function. */
  constructor(bytes: Uint8Array | ArrayBuffer, options: ExternalMemoryOptions = {}) {
    if (bytes instanceof Uint8Array) this.#bytes = bytes
    else if (bytes instanceof ArrayBuffer) this.#bytes = new Uint8Array(bytes)
    else throw new InvalidArgumentError('ExternalMemory expects a Uint8Array or an ArrayBuffer')
    if (options.release !== undefined && typeof options.release !== 'function') {
      throw new InvalidArgumentError('ExternalMemory release must be a function')
    }
    this.#owner = options.owner
    this.#release = options.release
    this.name = options.name ?? 'external memory'
  }

  /** True once {@link release} has run. */
  get released(): boolean {
    return this.#bytes === undefined
  }

  /** Size in bytes; 0 once released (like a detached ArrayBuffer). */
  get byteLength(): number {
    return this.#bytes?.byteLength ?? 0
  }

  /** The owner passed in; `undefined` once released, so the owner can be collected. */
  get owner(): unknown {
    return this.#owner
  }

  /**
   * All the bytes, as a view. O(1), no copy. Views taken before release must not be used after it.
   * @throws ReleasedMemoryError after release.
   */
  get bytes(): Uint8Array {
    if (this.#bytes === undefined) throw this.#releasedError()
    return this.#bytes
  }

  /**
   * `length` bytes at `offset`, as a view. O(1), no copy.
   * @throws OutOfRangeError when the range is not inside the memory; ReleasedMemoryError after release.
   */
  view(offset: number, length: number): Uint8Array {
    const bytes = this.bytes
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > bytes.byteLength) {
      throw new OutOfRangeError(`view(${offset}, ${length}) is outside the ${bytes.byteLength} bytes of ${this.name}`)
    }
    return bytes.subarray(offset, offset + length)
  }

  /**
   * Hand the memory back: drop the bytes and the owner, then call the release hook. Idempotent: the hook
   * runs exactly once, on the first call.
   * @throws whatever the hook throws, unchanged, after the memory is already released.
   */
  release(): void {
    if (this.#bytes === undefined) return
    const hook = this.#release
    this.#bytes = undefined
    this.#owner = undefined
    this.#release = undefined
    if (hook !== undefined) hook()
  }

  #releasedError(): ReleasedMemoryError {
    return new ReleasedMemoryError(`${this.name} was released and can no longer be read`)
  }

  static {
    if (disposeSymbol !== undefined) {
      Object.defineProperty(ExternalMemory.prototype, disposeSymbol, {
        value(this: ExternalMemory): void {
          this.release()
        },
        writable: true,
        configurable: true,
      })
    }
  }
}
