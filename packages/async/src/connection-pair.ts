import type { ByteSink } from '@lightstream/core'
import { createPipe, type ChannelOptions, type Pipe } from './byte-channel'
import type { Connection, ConnectionInfo } from './connection'
import { ConnectionClosedError } from './errors'
import { abortError, checkSignal, onAbort } from './signal'

/** One end of an in-memory pair. */
class MemoryConnection implements Connection {
  readonly info: ConnectionInfo
  readonly closed: Promise<void>
  readonly #incoming: Pipe
  readonly #outgoing: Pipe
  #resolveClosed!: () => void
  #done = false

  constructor(incoming: Pipe, outgoing: Pipe, name: string) {
    this.#incoming = incoming
    this.#outgoing = outgoing
    this.info = { transport: 'memory', local: name, remote: name === 'a' ? 'b' : 'a' }
    this.closed = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve
    })
  }

  get source(): AsyncIterable<Uint8Array> {
    return this.#incoming.queue
  }

  get sink(): ByteSink {
    return this.#outgoing
  }

  /** Resolve `closed` once both directions are done. */
  check(): void {
    if (!this.#done && this.#outgoing.writeDone && this.#incoming.queue.settled) {
      this.#done = true
      this.#resolveClosed()
    }
  }

  async close(): Promise<void> {
    if (!this.#outgoing.writeDone) this.#outgoing.close()
    await this.closed
  }

  destroy(reason?: unknown): void {
    const error = reason instanceof Error && 'code' in reason ? reason : new ConnectionClosedError('the connection was destroyed', { cause: reason })
    this.#outgoing.fail(new ConnectionClosedError('the peer destroyed the connection', { cause: reason }))
    this.#incoming.fail(error)
  }
}

/**
 * Two connected in-memory {@link Connection}s: what one end's sink writes, the other end's source reads.
 * For tests and in-process use (a protocol engine talking to itself). Each direction is a bounded
 * {@link createByteChannel} pipe with `options` (copy by default; `copy: false` is zero-copy).
 * `destroy()` on one end makes the other end's pending and later reads reject with ConnectionClosedError;
 * `signal` destroys both with AbortError.
 *
 * @example
 * ```ts
 * const [a, b] = connectionPair()
 * await a.sink.write(Uint8Array.of(1)); await a.close()
 * for await (const chunk of b.source) console.log(chunk) // Uint8Array [1]
 * ```
 * @throws InvalidArgumentError for bad options.
 */
export function connectionPair(options: ChannelOptions = {}): [Connection, Connection] {
  const signal = checkSignal(options.signal)
  const ab = createPipe(options)
  const ba = createPipe(options)
  const a = new MemoryConnection(ba, ab, 'a')
  const b = new MemoryConnection(ab, ba, 'b')
  const check = (): void => {
    a.check()
    b.check()
  }
  ab.onChange = check
  ba.onChange = check
  if (signal !== undefined) {
    onAbort(signal, () => {
      const error = abortError(signal)
      ab.fail(error)
      ba.fail(error)
    })
  }
  return [a, b]
}
