import { LightstreamError } from '@lightstream/core'
import { NetworkError, UsageError } from './usage-error'

/**
 * The exit codes of the `lightstream` command: 0 success; 1 bad input (a file that is missing, truncated or
 * not Arrow IPC, data a writer refuses); 2 usage (unknown command or option, bad argument); 3 network
 * (refused or unreachable address, HTTP error status, connection closed mid-stream); 130 interrupted (Ctrl-C).
 */
export const EXIT_CODES = {
  ok: 0,
  badInput: 1,
  usage: 2,
  network: 3,
  interrupted: 130,
} as const

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/** Codes (ours, the async layer's, Node's and undici's) that mean the network failed, not the data. */
const NETWORK_CODES = new Set([
  'ERR_CLI_NETWORK', 'ERR_CONNECT', 'ERR_CONNECTION_CLOSED', 'ERR_TIMEOUT', 'ERR_HTTP', 'ERR_HTTP_STATUS', 'ERR_WEBSOCKET',
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'EADDRINUSE', 'EADDRNOTAVAIL', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
])

function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/** The error and its `cause` chain (at most 8 deep, so a cycle cannot loop). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  let at: unknown = error
  while (at !== undefined && at !== null && chain.length < 8 && !chain.includes(at)) {
    chain.push(at)
    at = typeof at === 'object' ? (at as { cause?: unknown }).cause : undefined
  }
  return chain
}

/** True when the error (or a cause) is a network failure. */
export function isNetworkError(error: unknown): boolean {
  return causeChain(error).some((e) => {
    if (e instanceof NetworkError) return true
    const code = codeOf(e)
    if (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('ERR_HTTP') || code.startsWith('UND_ERR'))) return true
    // fetch() rejects with a bare TypeError('fetch failed') whose cause carries the system error.
    return e instanceof TypeError && e.message === 'fetch failed'
  })
}

/** True for an aborted operation (Ctrl-C reaches commands as an AbortSignal). */
export function isAbort(error: unknown): boolean {
  const code = codeOf(error)
  return code === 'ERR_ABORTED' || code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')
}

/**
 * The exit code for an error a command threw: usage 2, network 3, interrupted 130, anything else 1.
 * O(length of the cause chain).
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT_CODES.usage
  if (isAbort(error)) return EXIT_CODES.interrupted
  if (isNetworkError(error)) return EXIT_CODES.network
  return EXIT_CODES.badInput
}

/** True for a write to a closed pipe (`lightstream cat big.arrows | head`): not an error for a CLI. */
export function isBrokenPipe(error: unknown): boolean {
  return causeChain(error).some((e) => codeOf(e) === 'EPIPE')
}

/** True for errors whose class is ours or the platform's well-known kinds (no "internal error" hint needed). */
export function isExpectedError(error: unknown): boolean {
  return error instanceof LightstreamError || codeOf(error) !== undefined
}
