import { FrameTooLargeError } from '@lightstream/core'
import { alignedAllocUnsafe } from '@lightstream/core-buffer'

/** Default most bytes {@link collectBytes} holds: 2 GiB. */
export const DEFAULT_MAX_COLLECT_BYTES = 2 * 1024 * 1024 * 1024

/**
 * Gather a whole source into one 64-byte aligned Uint8Array: needed for an IPC *file* that arrives as a
 * stream (stdin, a URL), since its footer comes last. One copy of every byte.
 *
 * @throws FrameTooLargeError past `maxBytes`.
 */
export async function collectBytes(source: AsyncIterable<Uint8Array>, maxBytes = DEFAULT_MAX_COLLECT_BYTES): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of source) {
    total += chunk.length
    if (total > maxBytes) throw new FrameTooLargeError(`an IPC file read from a stream must fit in memory: more than ${maxBytes} bytes`, total, maxBytes)
    chunks.push(chunk)
  }
  const out = alignedAllocUnsafe(total, 64)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
