import { open } from 'node:fs/promises'
import type { RecordBatch, Schema } from '@lightstream/core'
import { IpcFileReader, openIpcStream, readMessage, type Footer, type ReadStats } from '@lightstream/ipc'
import type { CliIo } from '../cli/cli-io'
import { withContext } from '../cli/describe-error'
import { collectBytes } from './collect-bytes'
import type { IpcFormat } from './detect-format'
import { MessageScanner, type MessageInfo } from './message-scanner'
import { openInputBytes, type InputBytes } from './open-input-bytes'
import { openMappedFile } from './open-mapped-file'

/** An opened IPC input: its schema, its record batches one at a time, and what reading them cost. */
export interface IpcInput {
  readonly label: string
  readonly format: IpcFormat
  readonly schema: Schema
  /** The reader's counters: `copies` must stay 0 for aligned input (see ReadStats). */
  readonly stats: ReadStats
  /** Record batches in an IPC file (from its footer); undefined for streams. */
  readonly numBatches: number | undefined
  readonly byteLength: number | undefined
  /** How the bytes are read: `mmap` (a mapped file), `read` (file reads), `memory` (collected), `stream`. */
  readonly access: 'mmap' | 'read' | 'memory' | 'stream'
  /** Bytes of input consumed so far. */
  bytesRead(): number
  /** The record batches in order, as views of the input (no copy of aligned buffers); iterate once. */
  batches(): AsyncIterable<RecordBatch>
  /** Per-message facts (compression, body placement). Streams: the messages iterated so far (opened with `scan`). */
  messages(): Promise<readonly MessageInfo[]>
  /** Release the input (unmap, close the file, stop reading). */
  close(): Promise<void>
}

/** Options of {@link openIpcInput}. */
export interface OpenIpcInputOptions {
  /** Record every message's metadata for {@link IpcInput.messages} (streams: a second, body-skipping pass over the same chunks). */
  readonly scan?: boolean
}

/** The record batch blocks of a file, described from their metadata (read at random: O(metadata)). */
async function fileMessages(footer: Footer, read: (offset: number, length: number) => Promise<Uint8Array> | Uint8Array): Promise<MessageInfo[]> {
  const out: MessageInfo[] = []
  for (const block of [...footer.dictionaries, ...footer.recordBatches]) {
    const bytes = await read(block.offset, block.metaDataLength)
    const prefix = bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff ? 8 : 4
    const { header } = readMessage(bytes.subarray(prefix))
    const batch = header.type === 'recordBatch' ? header : header.type === 'dictionaryBatch' ? header.data : undefined
    out.push({
      type: header.type,
      bodyStart: block.offset + block.metaDataLength,
      bodyLength: block.bodyLength,
      rows: header.type === 'recordBatch' ? header.length : 0,
      compression: batch?.compression?.codec,
      buffers: batch?.buffers ?? [],
    })
  }
  return out
}

async function* fileBatches(reader: IpcFileReader, signal: AbortSignal | undefined): AsyncGenerator<RecordBatch> {
  for (let i = 0; i < reader.numBatches; i++) yield await reader.batch(i, signal === undefined ? {} : { signal })
}

async function openFile(input: InputBytes, io: CliIo): Promise<IpcInput> {
  let reader: IpcFileReader
  let access: IpcInput['access']
  let bytes: Uint8Array | undefined
  if (input.path !== undefined) {
    const mapped = await openMappedFile(input.path, io.signal)
    reader = mapped.reader
    access = mapped.access
  } else {
    bytes = await collectBytes(input.source())
    reader = IpcFileReader.openSync(bytes)
    access = 'memory'
  }
  const path = input.path
  return {
    label: input.label,
    format: 'file',
    schema: reader.schema,
    stats: reader.stats,
    numBatches: reader.numBatches,
    byteLength: input.byteLength ?? bytes?.length,
    access,
    bytesRead: () => input.byteLength ?? bytes?.length ?? 0,
    batches: () => fileBatches(reader, io.signal),
    async messages() {
      if (bytes !== undefined) return fileMessages(reader.footer, (offset, length) => bytes.subarray(offset, offset + length))
      const handle = await open(path!, 'r')
      try {
        return await fileMessages(reader.footer, async (offset, length) => {
          const out = new Uint8Array(length)
          await handle.read(out, 0, length, offset)
          return out
        })
      } finally {
        await handle.close()
      }
    },
    close: () => reader.close(),
  }
}

async function openStream(input: InputBytes, io: CliIo, options: OpenIpcInputOptions): Promise<IpcInput> {
  const found: MessageInfo[] = []
  let source = input.source()
  if (options.scan === true) {
    const scanner = new MessageScanner({ onMessage: (info) => found.push(info) })
    const raw = source
    source = (async function* () {
      for await (const chunk of raw) {
        scanner.push(chunk)
        yield chunk
      }
    })()
  }
  const reader = await openIpcStream(source, io.signal === undefined ? {} : { signal: io.signal })
  return {
    label: input.label,
    format: 'stream',
    schema: reader.schema,
    stats: reader.stats,
    numBatches: undefined,
    byteLength: input.byteLength,
    access: 'stream',
    bytesRead: () => input.bytesRead(),
    batches: () => reader,
    messages: async () => found,
    close: () => reader.close(),
  }
}

/** Wraps an input's batch iteration so errors carry the input's name. */
function labelled(input: IpcInput): IpcInput {
  return {
    ...input,
    stats: input.stats,
    bytesRead: input.bytesRead,
    batches() {
      const inner = input.batches()
      return (async function* () {
        try {
          yield* inner
        } catch (error) {
          throw withContext(error, input.label)
        }
      })()
    },
  }
}

/**
 * Open an IPC input given on the command line (a path, `-` or an http(s) URL), in whichever format it is.
 * Files given by path are mapped with `@lightstream/mmap-native` (read at random when the addon is missing)
 * and their batches are views of the mapping; files from stdin or a URL are collected into memory first
 * (the footer comes last); streams are decoded as their bytes arrive, in constant memory.
 *
 * @throws as {@link openInputBytes}, then the IPC readers' errors (IpcFormatError, TruncatedInputError, ...),
 * with the input's name as context.
 */
export async function openIpcInput(spec: string, io: CliIo, options: OpenIpcInputOptions = {}): Promise<IpcInput> {
  const input = await openInputBytes(spec, io)
  return openIpcInputFrom(input, io, options)
}

/** {@link openIpcInput} for bytes already opened with {@link openInputBytes}. */
export async function openIpcInputFrom(input: InputBytes, io: CliIo, options: OpenIpcInputOptions = {}): Promise<IpcInput> {
  try {
    return labelled(input.format === 'file' ? await openFile(input, io) : await openStream(input, io, options))
  } catch (error) {
    throw withContext(error, input.label)
  }
}
