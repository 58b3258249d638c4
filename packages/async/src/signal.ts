import { InvalidArgumentError } from '@lightstream/core'

// The shared { signal } helpers live in core; re-exported for this package's modules.
export { abortError, checkSignal, raceAbort, throwIfAborted } from '@lightstream/core'

/**
 * Internal AbortSignal helpers: every abort surfaces as core's `AbortError` with the signal's reason as
 * `cause`, and every listener added is removed again so long-lived signals do not accumulate them.
 */

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
