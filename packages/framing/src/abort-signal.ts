/**
 * Internal AbortSignal helpers of the drivers and the writer: core's shared ones (every abort surfaces
 * as the core `AbortError`, code `ERR_ABORTED`, with the signal's `reason` as `cause`).
 */
export { abortError, isAbortSignal as isSignal, raceAbort, throwIfAborted } from '@lightstream/core'

/** Swallow a rejection nobody is waiting for any more. */
export function ignore(): void {}
