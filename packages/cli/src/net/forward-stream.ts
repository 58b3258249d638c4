import type { ByteSink } from '@lightstream/core'
import { withContext } from '../cli/describe-error'
import { MessageScanner } from '../input/message-scanner'

/** What went through a transfer. */
export interface TransferTotals {
  batches: number
  rows: number
  bytes: number
}

/**
 * Copy an Arrow IPC stream from `source` to `sink` byte for byte — no decoding, no re-encoding, no copy of
 * the chunks — while a {@link MessageScanner} follows the messages: it counts rows for the progress line,
 * stops at the end-of-stream marker (bytes after it are not forwarded) and notices a stream cut inside a
 * message. Constant memory; each write waits for the sink's backpressure. Does not close the sink.
 *
 * @throws TruncatedInputError when the source ends inside a message; IpcFormatError / FrameTooLargeError
 * for bytes that are not an IPC stream; the source's and sink's errors.
 */
export async function forwardStream(
  source: AsyncIterable<Uint8Array>,
  sink: ByteSink,
  onProgress?: (totals: TransferTotals) => void,
  label?: string,
): Promise<TransferTotals> {
  const scanner = new MessageScanner()
  const totals: TransferTotals = { batches: 0, rows: 0, bytes: 0 }
  // Errors of the stream itself (truncated, not IPC) are about the input: name it.
  const scan = <T>(step: () => T): T => {
    try {
      return step()
    } catch (error) {
      throw label === undefined ? error : withContext(error, label)
    }
  }
  const iterator = source[Symbol.asyncIterator]()
  let exhausted = false
  try {
    while (!scanner.ended) {
      const next = await iterator.next()
      if (next.done === true) {
        exhausted = true
        scan(() => scanner.end())
        break
      }
      const chunk = next.value
      const used = scan(() => scanner.push(chunk))
      if (used > 0) await sink.write(used === chunk.length ? chunk : chunk.subarray(0, used))
      totals.batches = scanner.batches
      totals.rows = scanner.rows
      totals.bytes = scanner.position
      onProgress?.(totals)
    }
  } finally {
    // Stop the source when we stop early (end-of-stream marker seen, or an error): closes a file, ends a read.
    if (!exhausted) await iterator.return?.()
  }
  return totals
}
