import { InvalidArgumentError } from '@lightstream/core'
import type { Connection } from '../connection'
import { ConnectionClosedError } from '../errors'
import { checkSignal, noop, raceAbort, throwIfAborted } from '../signal'

/** A server accepting connections: iterate it (or call `accept()`) to get each accepted {@link Connection}. */
export interface Listener extends AsyncIterable<Connection> {
  /** Where it listens: `tcp://127.0.0.1:PORT`, `unix:///path`, `ws://127.0.0.1:PORT/path`. */
  readonly url: string
  /** The port, for TCP and WebSocket listeners (the real one when 0 was asked). */
  readonly port?: number
  /** The socket path, for Unix domain socket listeners. */
  readonly path?: string
  /** The next accepted connection. @throws ConnectionClosedError once the listener is closed; AbortError. */
  accept(options?: { signal?: AbortSignal }): Promise<Connection>
  /** Stop accepting and destroy the connections still open (accepted or waiting). Idempotent. */
  close(): Promise<void>
}

/** Most accepted connections waiting for `accept()` before new ones are refused (destroyed). */
export const MAX_PENDING_CONNECTIONS = 128

/** The shared accept queue of every listener. @internal */
export class ConnectionListener implements Listener {
  readonly url: string
  readonly port?: number
  readonly path?: string
  readonly #pending: Connection[] = []
  readonly #waiters: { resolve(connection: Connection): void; reject(error: unknown): void }[] = []
  readonly #open = new Set<Connection>()
  readonly #stop: () => Promise<void>
  #closing: Promise<void> | undefined

  constructor(endpoint: { url: string; port?: number; path?: string }, stop: () => Promise<void>) {
    this.url = endpoint.url
    if (endpoint.port !== undefined) this.port = endpoint.port
    if (endpoint.path !== undefined) this.path = endpoint.path
    this.#stop = stop
  }

  /** Hand over an accepted connection. */
  add(connection: Connection): void {
    if (this.#closing !== undefined || this.#pending.length >= MAX_PENDING_CONNECTIONS) {
      connection.destroy(new ConnectionClosedError('the listener is not accepting connections'))
      return
    }
    this.#open.add(connection)
    void connection.closed.then(() => this.#open.delete(connection))
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) waiter.resolve(connection)
    else this.#pending.push(connection)
  }

  accept(options: { signal?: AbortSignal } = {}): Promise<Connection> {
    const signal = checkSignal(options.signal)
    throwIfAborted(signal)
    const ready = this.#pending.shift()
    if (ready !== undefined) return Promise.resolve(ready)
    if (this.#closing !== undefined) return Promise.reject(new ConnectionClosedError('the listener is closed'))
    let waiter!: { resolve(connection: Connection): void; reject(error: unknown): void }
    const waiting = new Promise<Connection>((resolve, reject) => {
      waiter = { resolve, reject }
      this.#waiters.push(waiter)
    })
    if (signal === undefined) return waiting
    const race = raceAbort(waiting, signal)
    race.then(undefined, () => {
      // An aborted accept gives up its place in the line; a connection it got meanwhile goes back in front.
      const index = this.#waiters.indexOf(waiter)
      if (index >= 0) this.#waiters.splice(index, 1)
      else waiting.then((connection) => this.#pending.unshift(connection), noop)
    })
    return race
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Connection> {
    for (;;) {
      let connection: Connection
      try {
        connection = await this.accept()
      } catch (error) {
        if (this.#closing !== undefined) return
        throw error
      }
      yield connection
    }
  }

  close(): Promise<void> {
    if (this.#closing === undefined) {
      const error = new ConnectionClosedError('the listener is closed')
      for (const waiter of this.#waiters.splice(0)) waiter.reject(error)
      for (const connection of this.#open) connection.destroy(error)
      this.#pending.length = 0
      const closing = Promise.all([...this.#open].map((c) => c.closed))
      this.#closing = this.#stop().then(() => closing).then(noop)
    }
    return this.#closing
  }
}

/** Check a listener's host option. @internal */
export function checkHost(host: unknown): string {
  if (host === undefined) return '127.0.0.1'
  if (typeof host !== 'string' || host === '') throw new InvalidArgumentError('options.host must be a non-empty string')
  return host
}

/** Check a port option (0–65535). @internal */
export function checkPort(port: unknown, fallback?: number): number {
  if (port === undefined && fallback !== undefined) return fallback
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`port must be an integer from 0 to 65535, got ${String(port)}`)
  }
  return port
}
