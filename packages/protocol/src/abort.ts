import { AbortError, InvalidArgumentError } from '@lightstream/core'

/** The AbortError for an aborted `signal` (its reason as `cause`). @internal */
export function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The operation was aborted', { cause: signal.reason })
}

/**
 * Check an optional `{ signal }` argument and throw when it is already aborted. O(1).
 * @throws InvalidArgumentError for a signal that is not an AbortSignal; AbortError when it is aborted.
 * @internal
 */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined
  const s = signal as AbortSignal | null
  if (s === null || typeof s !== 'object' || typeof s.aborted !== 'boolean' || typeof s.addEventListener !== 'function') {
    throw new InvalidArgumentError('signal must be an AbortSignal')
  }
  if (s.aborted) throw abortError(s)
  return s
}

/**
 * Settle like `promise`, or reject with AbortError as soon as `signal` aborts. The listener is removed
 * when `promise` settles. The work behind `promise` is not cancelled. @internal
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  if (signal.aborted) {
    promise.then(undefined, ignore)
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

/** Swallow a rejection nobody waits for. @internal */
export function ignore(): void {}
