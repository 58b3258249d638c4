import * as net from 'node:net'
import { InvalidArgumentError } from '@lightstream/core'
import type { Connection } from '../connection'
import type { Listener } from './listener'
import { resolveSocketOptions, type SocketOptions } from './socket-connection'
import { connectSocket, listenSocket } from './tcp'

function checkPath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new InvalidArgumentError('a Unix socket path must be a non-empty string without NUL bytes')
  }
  return path
}

/**
 * Connect to a Unix domain socket (a named pipe path on Windows). Same reading, writing and half-close
 * behaviour as {@link connectTcp}.
 * @throws (rejects) ConnectError (ENOENT, ECONNREFUSED, ...); TimeoutError; AbortError; InvalidArgumentError.
 */
export async function connectUnix(path: string, options: SocketOptions = {}): Promise<Connection> {
  const checked = checkPath(path)
  const resolved = resolveSocketOptions(options)
  return connectSocket((extra) => net.connect({ ...extra, path: checked }), resolved, 'unix', checked)
}

/**
 * Listen on a Unix domain socket at `path`. The socket file is removed when the listener closes (Node does
 * this); a stale file left by a crashed process makes listening fail with ConnectError (EADDRINUSE):
 * remove it first.
 * @throws (rejects) ConnectError; AbortError; InvalidArgumentError.
 */
export async function listenUnix(path: string, options: SocketOptions = {}): Promise<Listener> {
  const checked = checkPath(path)
  const resolved = resolveSocketOptions(options)
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: resolved.newReader !== undefined })
  return listenSocket(server, (done) => server.listen(checked, done), resolved, 'unix', () => ({
    url: checked.startsWith('/') ? `unix://${checked}` : `unix:${checked}`,
    path: checked,
  }))
}
