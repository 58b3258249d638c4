import {
  FrameTooLargeError,
  InvalidArgumentError,
  IpcFormatError,
  TruncatedInputError,
  throwIfAborted,
  type RandomAccessSource,
} from '@lightstream/core'
import { CONTINUATION_MARKER, FILE_MAGIC, FILE_TRAILER_LENGTH } from '../format/constants'
import type { Block, Footer } from '../metadata/message-metadata'
import { readFooter } from '../metadata/read-footer'
import { readMessage } from '../metadata/read-message'
import type { IpcMessage } from './message-decoder'
import type { ResolvedReadOptions } from './read-options'
import { int32At } from '../format/little-endian'

/**
 * The IPC file reading logic written once as generators that yield the byte ranges they need and receive the
 * bytes, so the same steps run synchronously over memory and asynchronously over files. @internal
 */
export interface ReadRequest {
  readonly offset: number
  readonly length: number
}

/** A sequence of reads ending in a `T`. @internal */
export type Steps<T> = Generator<ReadRequest, T, Uint8Array>

/** What opening a file finds. @internal */
export interface FileLayout {
  readonly footer: Footer
  /** Where the footer starts: every block must end before it. */
  readonly dataEnd: number
}

/**
 * Read the trailer (int32 footer length + `ARROW1`) and the footer: two reads, nothing else.
 * @throws IpcFormatError for a file too small, without the trailing magic, or with an impossible footer length.
 * @throws FrameTooLargeError for a footer larger than maxMetadataBytes.
 */
export function* readFileLayout(byteLength: number, options: ResolvedReadOptions): Steps<FileLayout> {
  const magic = FILE_MAGIC.length
  if (byteLength < 8 + FILE_TRAILER_LENGTH) throw new IpcFormatError(`Invalid IPC file: ${byteLength} bytes are too few for the magic, a footer and the trailer`)
  const trailer = yield { offset: byteLength - FILE_TRAILER_LENGTH, length: FILE_TRAILER_LENGTH }
  for (let k = 0; k < magic; k++) {
    if (trailer[4 + k] !== FILE_MAGIC[k]) throw new IpcFormatError('Invalid IPC file: it does not end with the ARROW1 magic')
  }
  const footerLength = int32At(trailer, 0)
  const dataEnd = byteLength - FILE_TRAILER_LENGTH - footerLength
  if (footerLength <= 0 || dataEnd < 8) throw new IpcFormatError(`Invalid IPC file: footer length ${footerLength} does not fit a file of ${byteLength} bytes`)
  if (footerLength > options.maxMetadataBytes) {
    throw new FrameTooLargeError(`IPC file footer of ${footerLength} bytes exceeds maxMetadataBytes (${options.maxMetadataBytes})`, footerLength, options.maxMetadataBytes)
  }
  const footer = readFooter(yield { offset: dataEnd, length: footerLength })
  return { footer, dataEnd }
}

/**
 * Read the message of one block with one read of `metaDataLength + bodyLength` bytes. The block's
 * `metaDataLength` says where the body starts, as in Arrow C++.
 * @throws IpcFormatError for a block outside the data region, a message that does not fit its block or whose
 * body length differs from the block's; FrameTooLargeError past the limits.
 */
export function* readBlockMessage(block: Block, layout: FileLayout, options: ResolvedReadOptions, what: string): Steps<IpcMessage> {
  const { offset, metaDataLength, bodyLength } = block
  if (metaDataLength > options.maxMetadataBytes + 8) {
    throw new FrameTooLargeError(`${what}: metadata of ${metaDataLength} bytes exceeds maxMetadataBytes (${options.maxMetadataBytes})`, metaDataLength, options.maxMetadataBytes)
  }
  if (bodyLength > options.maxMessageBytes) {
    throw new FrameTooLargeError(`${what}: body of ${bodyLength} bytes exceeds maxMessageBytes (${options.maxMessageBytes})`, bodyLength, options.maxMessageBytes)
  }
  const total = metaDataLength + bodyLength
  if (!(offset >= 0 && metaDataLength >= 8 && offset + total <= layout.dataEnd)) {
    throw new IpcFormatError(`Invalid IPC file: ${what} [${offset}, ${offset + total}) lies outside the data region [0, ${layout.dataEnd})`)
  }
  const bytes = yield { offset, length: total }
  const legacy = int32At(bytes, 0) >>> 0 !== CONTINUATION_MARKER
  const prefix = legacy ? 4 : 8
  const length = int32At(bytes, prefix - 4)
  if (length <= 0 || prefix + length > metaDataLength) {
    throw new IpcFormatError(`Invalid IPC file: ${what} declares ${length} bytes of metadata, which do not fit its ${metaDataLength}-byte metadata block`)
  }
  const metadata = readMessage(bytes.subarray(prefix, prefix + length))
  if (metadata.bodyLength !== bodyLength) {
    throw new IpcFormatError(`Invalid IPC file: ${what}'s message has a ${metadata.bodyLength}-byte body, its block says ${bodyLength}`)
  }
  return { type: 'message', metadata, body: bytes.subarray(metaDataLength, total), metadataLength: metaDataLength, legacy }
}

function checkRead(bytes: unknown, request: ReadRequest): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('RandomAccessSource.read must return a Uint8Array')
  if (bytes.length !== request.length) {
    throw new TruncatedInputError(`read(${request.offset}, ${request.length}) returned ${bytes.length} bytes`)
  }
  return bytes
}

/**
 * Run `steps` against a source whose `read` answers synchronously.
 * @throws InvalidArgumentError when `read` returns a promise (use the async reader).
 */
export function runSync<T>(steps: Steps<T>, source: RandomAccessSource): T {
  let step = steps.next()
  while (step.done !== true) {
    const request = step.value
    const bytes = source.read(request.offset, request.length)
    if (typeof (bytes as Promise<Uint8Array>).then === 'function') {
      throw new InvalidArgumentError('this RandomAccessSource reads asynchronously: use IpcFileReader.open and the async methods')
    }
    step = steps.next(checkRead(bytes, request))
  }
  return step.value
}

/** Core's shared check, re-exported for the file reader. @internal */
export { throwIfAborted } from '@lightstream/core'

/** Run `steps` against any source, awaiting each read; checks `signal` between reads. */
export async function runAsync<T>(steps: Steps<T>, source: RandomAccessSource, signal?: AbortSignal): Promise<T> {
  let step = steps.next()
  while (step.done !== true) {
    throwIfAborted(signal)
    const request = step.value
    step = steps.next(checkRead(await source.read(request.offset, request.length), request))
  }
  return step.value
}
