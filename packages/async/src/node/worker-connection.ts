import type { MessagePort, Worker } from 'node:worker_threads'
import { InvalidArgumentError } from '@lightstream/core'
import type { Connection } from '../connection'
import { messagePortConnection, type MessagePortConnectionOptions, type MessagePortLike } from '../message-port-connection'

/**
 * {@link messagePortConnection} over Node's `worker_threads`: a `MessagePort` (`parentPort` inside the
 * worker, a `MessageChannel` end) or a `Worker` object on the parent side. Batches cross threads as
 * transferred ArrayBuffers: the receiving thread decodes them without copying. A `Worker` is never closed
 * by the connection (terminate it yourself, or let it exit); `parentPort` is not closed either unless
 * `closePort: true`, so the worker can go on using it. Once the connection is done its listeners are
 * removed and the port no longer keeps the event loop alive.
 * @throws InvalidArgumentError for something that is neither a MessagePort nor a Worker.
 */
export function workerConnection(port: MessagePort | Worker, options: MessagePortConnectionOptions = {}): Connection {
  if (port === null || typeof port !== 'object' || typeof (port as MessagePort).postMessage !== 'function') {
    throw new InvalidArgumentError('workerConnection expects a worker_threads MessagePort or Worker')
  }
  const isPort = typeof (port as MessagePort).start === 'function' && typeof (port as MessagePort).close === 'function'
  if (isPort) return messagePortConnection(port as unknown as MessagePortLike, { closePort: false, ...options })
  // A Worker is an EventEmitter: adapt its 'message' events to the listener shape the connection uses.
  const worker = port as Worker
  const wrapped = new Map<(event: { data: unknown }) => void, (data: unknown) => void>()
  const like: MessagePortLike = {
    postMessage: (message, transfer) => worker.postMessage(message, transfer as never),
    addEventListener(type, listener) {
      if (type === 'message') {
        const onMessage = (data: unknown): void => listener({ data })
        wrapped.set(listener, onMessage)
        worker.on('message', onMessage)
      } else if (type === 'messageerror') worker.on('messageerror', listener)
      else if (type === 'close') {
        const onExit = (): void => listener({})
        wrapped.set(listener, onExit)
        worker.on('exit', onExit)
      }
    },
    removeEventListener(type, listener) {
      if (type === 'messageerror') worker.off('messageerror', listener)
      const inner = wrapped.get(listener)
      if (inner === undefined) return
      wrapped.delete(listener)
      worker.off(type === 'close' ? 'exit' : 'message', inner)
    },
  }
  return messagePortConnection(like, { ...options, closePort: false })
}
