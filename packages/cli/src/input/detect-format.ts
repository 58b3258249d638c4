import { IpcFormatError, TruncatedInputError } from '@lightstream/core'
import { DEFAULT_MAX_METADATA_BYTES } from '@lightstream/ipc'

/** The two Arrow IPC formats. */
export type IpcFormat = 'file' | 'stream'

/** `ARROW1`: the first (and last) six bytes of an IPC file. */
export const FILE_MAGIC = Uint8Array.of(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31)

/** Bytes {@link detectFormat} wants to see (fewer is fine at the end of the input). */
export const DETECT_BYTES = 8

/** True when `bytes` holds the file magic at `at`. O(1). */
export function hasFileMagic(bytes: Uint8Array, at = 0): boolean {
  if (at < 0 || at + FILE_MAGIC.length > bytes.length) return false
  for (let k = 0; k < FILE_MAGIC.length; k++) if (bytes[at + k] !== FILE_MAGIC[k]) return false
  return true
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')
}

/**
 * Which IPC format the input is, from its first bytes: `ARROW1` → file; the continuation marker
 * `0xFFFFFFFF`, or a plausible pre-0.15 length prefix → stream. O(1).
 *
 * @throws IpcFormatError for an empty input or bytes that start neither format.
 * @throws TruncatedInputError for an input shorter than any IPC message prefix.
 */
export function detectFormat(head: Uint8Array): IpcFormat {
  if (head.length === 0) throw new IpcFormatError('empty input: not an Arrow IPC file or stream')
  if (hasFileMagic(head)) return 'file'
  if (head.length < 4) {
    const prefixOfMagic = head.every((b, k) => b === FILE_MAGIC[k])
    const prefixOfMarker = head.every((b) => b === 0xff)
    if (prefixOfMagic || prefixOfMarker) throw new TruncatedInputError(`input of ${head.length} byte(s) ends inside the first IPC message prefix`)
    throw new IpcFormatError(`not an Arrow IPC file or stream (it starts with bytes ${hex(head)})`)
  }
  const first = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)
  if (first === -1) return 'stream'
  // Legacy framing: the int32 metadata length comes first. Zero is an (empty) end-of-stream.
  if (first >= 0 && first <= DEFAULT_MAX_METADATA_BYTES && (first === 0 || first % 8 === 0 || first < 65536)) return 'stream'
  throw new IpcFormatError(`not an Arrow IPC file or stream (it starts with bytes ${hex(head)})`)
}
