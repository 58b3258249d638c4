import { causeChain, isExpectedError } from './exit-codes'
import { UsageError } from './usage-error'

const contexts = new WeakMap<object, string>()

/**
 * Remember where an error happened (an input name, a URL) so its one-line message can say so, without
 * changing the error's class or code. The first context given wins (the innermost place). Returns `error`.
 */
export function withContext<E>(error: E, where: string): E {
  if (error !== null && typeof error === 'object' && !contexts.has(error)) contexts.set(error, where)
  return error
}

/** Node's system errors put the code and syscall in the message; say it the way a person would. */
function systemMessage(error: { code?: unknown; path?: unknown; message: string }): string | undefined {
  const path = typeof error.path === 'string' ? error.path : undefined
  const what = (text: string): string => (path === undefined ? text : `${path}: ${text}`)
  switch (error.code) {
    case 'ENOENT': return what('no such file or directory')
    case 'EACCES': case 'EPERM': return what('permission denied')
    case 'EISDIR': return what('is a directory, not a file')
    case 'ENOTDIR': return what('a parent of this path is not a directory')
    case 'ENOSPC': return what('no space left on the device')
    default: return undefined
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const system = systemMessage(error as Error & { code?: unknown; path?: unknown })
  if (system !== undefined) return system
  let message = error.message || error.name
  if ((error as { code?: unknown }).code === 'ERR_TRUNCATED' && !/truncated/i.test(message)) message = `truncated input: ${message}`
  // fetch() says only "fetch failed"; the reason is in the cause.
  if (error instanceof TypeError && message === 'fetch failed' && error.cause instanceof Error) message = `fetch failed: ${messageOf(error.cause)}`
  return message
}

/**
 * The text printed on stderr for an error: `lightstream: <where>: <message>` on one line, plus a hint to
 * `--help` for usage errors. With `verbose`, the error's class and code, its stack, and every `cause`.
 */
export function describeError(error: unknown, verbose: boolean): string {
  const where = error !== null && typeof error === 'object' ? contexts.get(error) : undefined
  let message = messageOf(error).replace(/\s*\n\s*/g, ' ')
  if (where !== undefined && !message.includes(where)) message = `${where}: ${message}`
  let text = `lightstream: ${message}\n`
  if (error instanceof UsageError) {
    text += `Run 'lightstream ${error.command === undefined ? '' : `${error.command} `}--help' for usage.\n`
  } else if (!verbose && !isExpectedError(error)) {
    text += 'Run again with --verbose for the stack trace.\n'
  }
  if (verbose) {
    for (const [k, e] of causeChain(error).entries()) {
      const label = k === 0 ? 'error' : 'caused by'
      if (e instanceof Error) {
        const code = (e as { code?: unknown }).code
        text += `${label}: ${e.name}${code === undefined ? '' : ` (${String(code)})`}\n${e.stack ?? e.message}\n`
      } else {
        text += `${label}: ${String(e)}\n`
      }
    }
  }
  return text
}
