import type { LightstreamError } from '@lightstream/core'
import { abortError } from './abort'

interface Waiter<T> {
  resolve(result: IteratorResult<T, undefined>): void
  reject(error: unknown): void
}

/**
 * The bounded queue between the connection's receive loop and its consumer. `push` returns a promise when
 * the queue holds `highWaterMark` items, and the loop awaits it before reading more bytes, so a consumer
 * that does not keep up stops the reads and the transport pushes back on the peer. Items queued before an
 * end or a failure are still delivered; after them the consumer sees the end, or the error.
 * @internal
 */
export class ReceiveQueue<T> {
  readonly #items: T[] = []
  readonly #waiters: Waiter<T>[] = []
  #space: (() => void) | undefined
  #spacePromise: Promise<void> | undefined
  #ended = false
  #error: LightstreamError | undefined

  constructor(private readonly highWaterMark: number) {}

  /** Items waiting for the consumer. */
  get length(): number {
    return this.#items.length
  }

  /** Add an item; resolves (when a promise is returned) once there is room again. */
  push(item: T): Promise<void> | undefined {
    if (this.#ended) return undefined
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) {
      waiter.resolve({ done: false, value: item })
      return undefined
    }
    this.#items.push(item)
    if (this.#items.length < this.highWaterMark) return undefined
    this.#spacePromise ??= new Promise<void>((resolve) => {
      this.#space = resolve
    })
    return this.#spacePromise
  }

  /** No more items: the consumer sees the end after the queued ones. */
  end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#settleWaiters()
  }

  /** Fail: the consumer sees `error` after the queued items (which are dropped when `discard`). */
  fail(error: LightstreamError, discard = false): void {
    if (discard) this.#items.length = 0
    if (this.#error !== undefined || (this.#ended && !discard)) return
    this.#ended = true
    this.#error = error
    this.#settleWaiters()
    this.#release()
  }

  /**
   * The next item, the end (`done`), or the error. Aborting `signal` rejects with AbortError and gives up
   * the place in line: no item is lost.
   */
  next(signal?: AbortSignal): Promise<IteratorResult<T, undefined>> {
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T
      if (this.#items.length < this.highWaterMark) this.#release()
      return Promise.resolve({ done: false, value: item })
    }
    if (this.#ended) {
      const error = this.#error
      return error === undefined ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(error)
    }
    if (signal?.aborted === true) return Promise.reject(abortError(signal))
    return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter)
        if (i >= 0) this.#waiters.splice(i, 1)
        reject(abortError(signal!))
      }
      const waiter: Waiter<T> = {
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(result)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
      this.#waiters.push(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  #settleWaiters(): void {
    for (const waiter of this.#waiters.splice(0)) {
      if (this.#error === undefined) waiter.resolve({ done: true, value: undefined })
      else waiter.reject(this.#error)
    }
  }

  #release(): void {
    const space = this.#space
    this.#space = undefined
    this.#spacePromise = undefined
    space?.()
  }
}
