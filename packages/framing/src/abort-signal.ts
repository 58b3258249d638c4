import { AbortError } from '@lightstream/core'

/**
 * Internal AbortSignal helpers shared by the drivers and the writer. Every abort surfaces as the core
 * `AbortError` (code `ERR_ABORTED`) with the signal's `reason` as `cause`.
 */

/** The AbortError for an aborted `signal`. */
export function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The operation was aborted', { cause: signal.reason })
}

/** Throw an AbortError when `signal` is aborted. O(1). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal !== undefined && signal.aborted) throw abortError(signal)
}

/**
 * Settle like `promise`, or reject with an AbortError as soon as `signal` aborts, whichever comes first.
 * The listener is removed when `promise` settles, so nothing leaks across calls.
 */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    Promise.resolve(promise).then(undefined, ignore)
    return Promise.reject(abortError(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Check that `signal`, when given, is an AbortSignal-like object. */
export function isSignal(signal: unknown): signal is AbortSignal {
  return (
    typeof signal === 'object' &&
    signal !== null &&
    typeof (signal as AbortSignal).aborted === 'boolean' &&
    typeof (signal as AbortSignal).addEventListener === 'function'
  )
}

/** Swallow a rejection nobody is waiting for any more. */
export function ignore(): void {}
