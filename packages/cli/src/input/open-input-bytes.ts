import { open } from 'node:fs/promises'
import { TruncatedInputError } from '@lightstream/core'
import type { CliIo } from '../cli/cli-io'
import { withContext } from '../cli/describe-error'
import { NetworkError } from '../cli/usage-error'
import { describeCause } from '../net/link'
import { DETECT_BYTES, detectFormat, FILE_MAGIC, hasFileMagic, type IpcFormat } from './detect-format'
import { peekSource } from './peek-source'

/** Read size for local files: big enough that most IPC messages arrive whole. */
export const FILE_READ_CHUNK = 1024 * 1024

/** An input's bytes, not yet decoded: where they come from, which IPC format they are in. */
export interface InputBytes {
  /** How messages name it: the path, `stdin`, or the URL. */
  readonly label: string
  readonly format: IpcFormat
  /** The local path, for inputs that are files (they can be mapped or read at random). */
  readonly path: string | undefined
  /** Total bytes when known in advance (files; URLs with a content length). */
  readonly byteLength: number | undefined
  /** The bytes from the first one; call once. */
  source(): AsyncIterable<Uint8Array>
  /** Bytes `source()` has delivered so far. */
  bytesRead(): number
}

/** True for `http://` and `https://` inputs. */
export function isHttpUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec)
}

async function* counted(source: AsyncIterable<Uint8Array>, count: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    count(chunk.length)
    yield chunk
  }
}

async function openPath(path: string, signal: AbortSignal | undefined): Promise<InputBytes> {
  const handle = await open(path, 'r')
  let size: number
  let head: Uint8Array
  let tail = new Uint8Array(0)
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR', path })
    size = info.size
    head = new Uint8Array(Math.min(DETECT_BYTES, size))
    await handle.read(head, 0, head.length, 0)
    if (hasFileMagic(head) && size >= FILE_MAGIC.length * 2) {
      tail = new Uint8Array(FILE_MAGIC.length)
      await handle.read(tail, 0, tail.length, size - tail.length)
    }
  } finally {
    await handle.close()
  }
  const format = detectFormat(head)
  if (format === 'file' && !hasFileMagic(tail)) {
    throw new TruncatedInputError(`truncated Arrow IPC file: it starts with the ARROW1 magic but does not end with it (${size} bytes; the footer is missing)`)
  }
  let read = 0
  return {
    label: path,
    format,
    path,
    byteLength: size,
    source() {
      return (async function* () {
        const [{ createReadStream }, { sourceFromReadable }] = await Promise.all([import('node:fs'), import('@lightstream/async/node')])
        const stream = createReadStream(path, { highWaterMark: FILE_READ_CHUNK })
        yield* counted(sourceFromReadable(stream, signal === undefined ? {} : { signal }), (n) => (read += n))
      })()
    },
    bytesRead: () => read,
  }
}

async function openStreamed(label: string, raw: AsyncIterable<Uint8Array>, byteLength: number | undefined): Promise<InputBytes> {
  const peeked = await peekSource(raw, DETECT_BYTES)
  const format = detectFormat(peeked.head)
  let read = 0
  return {
    label,
    format,
    path: undefined,
    byteLength,
    source: () => counted(peeked.source, (n) => (read += n)),
    bytesRead: () => read,
  }
}

async function openUrl(url: string, signal: AbortSignal | undefined): Promise<InputBytes> {
  const { fetchSource } = await import('@lightstream/async')
  let body: AsyncIterable<Uint8Array>
  try {
    body = await fetchSource(url, signal === undefined ? {} : { signal })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_ABORTED') throw error
    throw new NetworkError(`cannot fetch ${url}: ${describeCause(error)}`, { cause: error })
  }
  return openStreamed(url, body, undefined)
}

/**
 * Open an input given on the command line — a path, `-` (stdin) or an http(s) URL — and find out from its
 * first bytes whether it is an IPC file or stream. Local files are checked for the trailing magic too, so a
 * truncated file is reported as such before anything is read.
 *
 * @throws TruncatedInputError / IpcFormatError for input that is not (complete) Arrow IPC; Node's ENOENT
 * etc. for paths; NetworkError for URLs that cannot be fetched. Errors carry the input's name as context.
 */
export async function openInputBytes(spec: string, io: CliIo): Promise<InputBytes> {
  const label = spec === '-' ? 'stdin' : spec
  try {
    if (spec === '-') return await openStreamed('stdin', io.stdin(), undefined)
    if (isHttpUrl(spec)) return await openUrl(spec, io.signal)
    return await openPath(spec.startsWith('file://') ? new URL(spec).pathname : spec, io.signal)
  } catch (error) {
    throw withContext(error, label)
  }
}
