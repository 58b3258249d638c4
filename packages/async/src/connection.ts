import type { ByteSink } from '@lightstream/core'

/** Where a connection runs: the transport name and its endpoints, for logs and errors. */
export interface ConnectionInfo {
  /** `'tcp'`, `'unix'`, `'websocket'`, `'message-port'`, `'memory'`, ... */
  readonly transport: string
  /** Our end, e.g. `'127.0.0.1:5000'` or a socket path. */
  readonly local?: string
  /** The peer's end. */
  readonly remote?: string
}

/**
 * One bidirectional byte connection on any transport. Framing and formats see only `source` and `sink`,
 * so the same IPC reader and writer run over TCP, a Unix socket, a WebSocket, a MessagePort or memory.
 *
 * @example
 * ```ts
 * const writer = new IpcStreamWriter(connection.sink)
 * await writer.write(table)
 * await writer.close()                                // ends our sending side
 * const reader = await openIpcStream(connection.source)
 * ```
 */
export interface Connection {
  /**
   * Bytes received, one consumer. Iteration ends when the peer closes in an orderly way; it throws a coded
   * error (ConnectionClosedError, TimeoutError, AbortError) when the connection ends abnormally.
   */
  readonly source: AsyncIterable<Uint8Array>
  /** Bytes to send; `write`/`writev` resolve when more can be taken (backpressure). `close()` ends our side. */
  readonly sink: ByteSink
  /** Settles when both directions are finished and resources are released. Never rejects. */
  readonly closed: Promise<void>
  /** Orderly close: end our sending side (after what is queued), then release once the peer is done. */
  close(): Promise<void>
  /** Abrupt close: release everything now; pending reads and writes reject. */
  destroy(reason?: unknown): void
  /** Transport and endpoints. */
  readonly info: ConnectionInfo
}

/** What a connection's sending side offers: the methods its {@link Connection.sink} forwards to. @internal */
export interface SendingSide {
  write(chunk: Uint8Array): Promise<void> | void
  writev(chunks: readonly Uint8Array[]): Promise<void> | void
  /** End our direction only (the connection's `close()` also waits for the peer). */
  end(): Promise<void> | void
  abort(reason?: unknown): Promise<void> | void
}

/** The ByteSink of a connection whose sending side is `side`: its `close()` ends our direction only. @internal */
export function sinkOfSendingSide(side: SendingSide): ByteSink {
  return {
    write: (chunk) => side.write(chunk),
    writev: (chunks) => side.writev(chunks),
    close: () => side.end(),
    abort: (reason) => side.abort(reason),
  }
}
