import { AbortError, InvalidArgumentError } from '@lightstream/core'

/**
 * Internal AbortSignal helpers: every abort surfaces as core's `AbortError` with the signal's reason as
 * `cause`, and every listener added is removed again so long-lived signals do not accumulate them.
 */

/** The AbortError for an aborted `signal`. */
export function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The operation was aborted', { cause: signal.reason })
}

/** Throw an AbortError when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal !== undefined && signal.aborted) throw abortError(signal)
}

/** Check that `signal` is undefined or an AbortSignal; return it. @throws InvalidArgumentError otherwise. */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined
  if (
    typeof signal !== 'object' ||
    signal === null ||
    typeof (signal as AbortSignal).aborted !== 'boolean' ||
    typeof (signal as AbortSignal).addEventListener !== 'function'
  ) {
    throw new InvalidArgumentError('options.signal must be an AbortSignal')
  }
  return signal as AbortSignal
}

/** Call `listener` once when `signal` aborts (at once if it already has); returns the function that removes it. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal === undefined) return noop
  if (signal.aborted) {
    queueMicrotask(listener)
    return noop
  }
  signal.addEventListener('abort', listener, { once: true })
  return () => signal.removeEventListener('abort', listener)
}

/** Settle like `promise`, or reject with an AbortError when `signal` aborts first. */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return Promise.resolve(promise)
  if (signal.aborted) {
    Promise.resolve(promise).then(undefined, noop)
    return Promise.reject(abortError(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbortSignal = (): void => reject(abortError(signal))
    signal.addEventListener('abort', onAbortSignal, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbortSignal)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbortSignal)
        reject(error)
      },
    )
  })
}

/** Check a positive integer byte count option; return it or `fallback`. @throws InvalidArgumentError. */
export function checkSize(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${String(value)}`)
  }
  return value
}

/** Does nothing; swallows rejections nobody waits for. */
export function noop(): void {}

/** A promise with its resolve and reject functions. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

/** Make a {@link Deferred}. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
