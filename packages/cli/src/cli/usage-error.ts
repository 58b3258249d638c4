import { LightstreamError } from '@lightstream/core'

/**
 * A command line the `lightstream` command cannot run: an unknown command or option, a missing or extra
 * argument, an option value out of range. Exit code 2. Code `ERR_CLI_USAGE`.
 */
export class UsageError extends LightstreamError {
  override name = 'UsageError'
  declare readonly code: 'ERR_CLI_USAGE'
  /** The command whose usage was wrong (for the `--help` hint), when known. */
  readonly command: string | undefined

  constructor(message: string, command?: string) {
    super(message, 'ERR_CLI_USAGE')
    this.command = command
  }
}

/**
 * A network transfer that could not be made or did not complete: a refused or unreachable address, an
 * HTTP error status, a connection that closed early. Exit code 3. Code `ERR_CLI_NETWORK`; the transport's
 * own error is kept as `cause`.
 */
export class NetworkError extends LightstreamError {
  override name = 'NetworkError'
  declare readonly code: 'ERR_CLI_NETWORK'

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, 'ERR_CLI_NETWORK', options)
  }
}
