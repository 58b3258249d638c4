import { InvalidArgumentError, IpcFormatError, Table, TruncatedInputError, type RecordBatch } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'
import { FILE_MAGIC } from '../format/constants'
import { IpcFileReader } from './ipc-file-reader'
import { IpcStreamReader } from './ipc-stream-reader'
import { IpcMessageDecoder } from './message-decoder'
import { NO_READ_OPTIONS, resolveReadOptions, type IpcReadOptions, type ResolvedReadOptions } from './read-options'
import type { ReadSession } from './read-session'
import { startSessionWith } from './stream-setup'

/** True when `bytes` starts with the IPC file magic `ARROW1`. */
function hasMagic(bytes: Uint8Array): boolean {
  if (bytes.length < FILE_MAGIC.length) return false
  for (let i = 0; i < FILE_MAGIC.length; i++) if (bytes[i] !== FILE_MAGIC[i]) return false
  return true
}

/** True when the first bytes of `chunks` are the IPC file magic `ARROW1`. */
function startsWithMagic(chunks: readonly Uint8Array[]): boolean {
  let k = 0
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, k++) {
      if (k === FILE_MAGIC.length) return true
      if (chunk[i] !== FILE_MAGIC[k]) return false
    }
  }
  return k === FILE_MAGIC.length
}

/**
 * The stream format over one contiguous buffer: every message is located and its body read in place, with
 * no framing driver and no frame or body view per message.
 */
function readStreamBytes(bytes: Uint8Array, options: ResolvedReadOptions): Table {
  const decoder = new IpcMessageDecoder(options)
  const batches: RecordBatch[] = []
  let session: ReadSession | undefined
  let pos = 0
  while (pos < bytes.length) {
    const found = decoder.locateAt(bytes, pos)
    if (found <= 0) {
      const needed = found === 0 ? '' : `; the message needs ${-found}`
      throw new TruncatedInputError(`the IPC stream ends inside a message: ${bytes.length - pos} byte(s) left at offset ${pos}${needed}`)
    }
    pos += found
    const metadata = decoder.located
    if (session === undefined) session = startSessionWith(metadata, options)
    else if (metadata === undefined) break
    else {
      const bodyStart = decoder.locatedBody
      const batch = session.applyAt(metadata, bytes, bodyStart, pos - bodyStart)
      if (batch !== undefined) batches.push(batch)
    }
  }
  if (session === undefined) throw new IpcFormatError('Invalid IPC stream: it ended before its Schema message')
  return new Table(session.schema, batches, options.values)
}

/** `options` for a reader that resolves them again, with the same stats object as `resolved`. */
function sameStats(options: IpcReadOptions, resolved: ResolvedReadOptions): IpcReadOptions {
  return { ...options, stats: resolved.stats }
}

/**
 * Read a whole Arrow IPC stream or file from memory into a {@link Table}, synchronously. The format is
 * detected by the `ARROW1` magic; a file is read through its footer, a stream message by message up to its
 * end-of-stream marker (both framings, with and without the continuation marker).
 *
 * Zero copy: every buffer of the result is a view of `input`, except buffers that must be copied to be
 * usable — misaligned for their typed array, byte-swapped from a big-endian source, decompressed, or a delta
 * dictionary's concatenation — all counted in `options.stats` (pass `createReadStats()` to see them). The
 * work is O(messages + buffers): nothing is done per row (unless `validate: true`, which is O(values)).
 *
 * A list of chunks is read through the stream framing (a message spanning chunks is copied once); a file
 * given as several chunks is first joined into one allocation (counted as a framing copy).
 *
 * @example
 * ```ts
 * const stats = createReadStats()
 * const table = tableFromIPC(bytes, { useBigInt: true, stats })
 * console.log(table.numRows, stats.copies) // …, 0 for aligned little-endian input
 * ```
 * @throws IpcFormatError for bytes that break the format; TruncatedInputError for input that ends inside a
 * message; FrameTooLargeError past a limit; UnsupportedFeatureError for metadata this version cannot read;
 * MissingDependencyError for a compressed body whose codec is not available; InvalidDataError when
 * `validate` finds bad data; InvalidArgumentError for bad arguments.
 */
export function tableFromIPC(input: Uint8Array | ArrayBuffer | readonly Uint8Array[], options: IpcReadOptions = NO_READ_OPTIONS): Table {
  const resolved = resolveReadOptions(options)
  let bytes: Uint8Array
  if (input instanceof Uint8Array) bytes = input
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input)
  else if (Array.isArray(input) && input.every((c) => c instanceof Uint8Array)) {
    const chunks = input as readonly Uint8Array[]
    if (chunks.length === 1) bytes = chunks[0]!
    else if (!startsWithMagic(chunks)) return IpcStreamReader.from(chunks, sameStats(options, resolved)).readAll()
    else {
      const total = chunks.reduce((n, c) => n + c.length, 0)
      bytes = allocUnsafe(resolved.allocator, total)
      let at = 0
      for (const chunk of chunks) {
        bytes.set(chunk, at)
        at += chunk.length
      }
      resolved.stats.framingCopies++
      resolved.stats.framingCopiedBytes += total
    }
  } else {
    throw new InvalidArgumentError('tableFromIPC expects a Uint8Array, an ArrayBuffer or an array of Uint8Array chunks')
  }
  if (hasMagic(bytes)) return IpcFileReader.openSync(bytes, sameStats(options, resolved)).readAllSync()
  return readStreamBytes(bytes, resolved)
}
