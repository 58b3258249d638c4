import { checkSignal as checkSignalOption, raceAbort, throwIfAborted } from '@lightstream/core'

/** AbortSignal helpers of the protocol: core's shared ones, plus the protocol's "aborted on entry" check. */
export { abortError } from '@lightstream/core'

/**
 * An optional `signal` option, checked on entry.
 * @throws InvalidArgumentError when it is not an AbortSignal; AbortError when it is already aborted.
 */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  const checked = checkSignalOption(signal, 'signal')
  throwIfAborted(checked)
  return checked
}

/** `promise`, or an AbortError as soon as `signal` aborts (see core's `raceAbort`). */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return raceAbort(promise, signal)
}

/** Swallow a rejection nobody is waiting for any more. */
export function ignore(): void {}
