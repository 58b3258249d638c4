import { AbortError, InvalidArgumentError } from './errors'

/**
 * The `{ signal }` helpers every async layer uses, so an aborted call raises the same {@link AbortError}
 * (with the signal's reason as `cause`) whichever package it went through.
 */

/** The AbortError for an aborted `signal`, its reason as `cause`. */
export function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The operation was aborted', { cause: signal.reason })
}

/** Throw {@link AbortError} when `signal` is aborted; nothing when it is absent or not aborted. O(1). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal !== undefined && signal.aborted) throw abortError(signal)
}

/** True for an AbortSignal (or an object shaped like one: `aborted` and `addEventListener`). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  )
}

/**
 * Check an optional `signal` option: undefined stays undefined, an AbortSignal is returned as is (aborted
 * or not: callers decide when to look).
 * @throws InvalidArgumentError for anything else.
 */
export function checkSignal(signal: unknown, name = 'options.signal'): AbortSignal | undefined {
  if (signal === undefined) return undefined
  if (!isAbortSignal(signal)) throw new InvalidArgumentError(`${name} must be an AbortSignal`)
  return signal
}

/**
 * `promise`, or an {@link AbortError} as soon as `signal` aborts, whichever comes first. The listener is
 * removed when the promise settles; a promise that loses the race has its rejection swallowed. Without a
 * signal, the promise itself (as a Promise).
 */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return Promise.resolve(promise)
  if (signal.aborted) {
    Promise.resolve(promise).then(undefined, swallow)
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

function swallow(): void {}
