import { openIpcStream } from '@lightstream/ipc'
import type { CliIo } from '../cli/cli-io'
import type { Command, ParsedArgs } from '../cli/command-spec'
import { withContext } from '../cli/describe-error'
import { NetworkError, UsageError } from '../cli/usage-error'
import { parseEndpoint } from '../net/endpoint'
import { forwardStream, type TransferTotals } from '../net/forward-stream'
import { acceptHttpUpload, fetchDownload } from '../net/http-link'
import { acceptLink, connectLink } from '../net/link'
import { copyBatches } from '../output/ipc-output'
import { openOutput, type Output } from '../output/open-output'
import { ProgressLine } from '../output/progress-line'
import { outputFormat, WRITER_OPTION_SPECS, writerOptions } from './convert-command'
import { wantsReencode } from './send-command'

/**
 * Receive an IPC stream from `source` into `output`: byte for byte when the output is a stream and no
 * writer option is given, else decoded and re-encoded (e.g. `--format file`). Commits the output.
 * @throws NetworkError when nothing at all arrived.
 */
async function receiveInto(source: AsyncIterable<Uint8Array>, label: string, output: Output, args: ParsedArgs, io: CliIo, progress: ProgressLine): Promise<TransferTotals> {
  try {
    return await receive(source, label, output, args, io, progress)
  } catch (error) {
    // A stream cut inside a message came from a peer that went away: a network failure (exit 3).
    if ((error as { code?: unknown }).code === 'ERR_TRUNCATED') {
      throw new NetworkError(`${label}: the connection closed in the middle of the stream (${(error as Error).message})`, { cause: error })
    }
    throw error
  }
}

async function receive(source: AsyncIterable<Uint8Array>, label: string, output: Output, args: ParsedArgs, io: CliIo, progress: ProgressLine): Promise<TransferTotals> {
  const format = outputFormat(args, 'recv', output.isStdout ? undefined : output.label)
  let totals: TransferTotals
  if (format === 'stream' && !wantsReencode(args)) {
    totals = await forwardStream(source, output.sink, (t) => progress.update(t.rows, t.bytes), label)
    if (totals.bytes === 0) throw new NetworkError(`${label}: the peer closed the connection without sending an Arrow IPC stream`)
  } else {
    let received = 0
    const counted = (async function* () {
      for await (const chunk of source) {
        received += chunk.length
        yield chunk
      }
    })()
    const reader = await openIpcStream(counted, io.signal === undefined ? {} : { signal: io.signal }).catch((error: unknown) => {
      throw received === 0 ? new NetworkError(`${label}: the peer closed the connection without sending an Arrow IPC stream`, { cause: error }) : withContext(error, label)
    })
    totals = await copyBatches(reader.schema, reader, output.sink, writerOptions(args, 'recv', format, io.signal), (t) => progress.update(t.rows, received))
    totals.bytes = received
  }
  await output.commit()
  return totals
}

/** `lightstream recv URL [OUT]`: listen (or `--connect`) and write the Arrow IPC stream that arrives. */
export const recvCommand: Command = {
  spec: {
    name: 'recv',
    summary: 'Receive an Arrow IPC stream over tcp, unix, ws or http and write it to a file or stdout.',
    positionals: [
      { name: 'URL', description: 'tcp://HOST:PORT, unix:///path.sock, ws://HOST:PORT/path or http://HOST:PORT/path' },
      { name: 'OUT', description: 'a path, or - for stdout (default: stdout)', optional: true },
    ],
    options: [
      { name: 'connect', type: 'boolean', short: 'c', description: 'be the client: connect to URL (http(s): GET it) instead of listening' },
      { name: 'format', type: 'string', short: 'f', value: 'FMT', description: 'stream (default) or file: how OUT is written (default: file for .arrow/.feather/.ipc)' },
      ...WRITER_OPTION_SPECS,
      { name: 'quiet', type: 'boolean', short: 'q', description: 'no progress line, no "listening on" line' },
    ],
    details: [
      'By default recv LISTENS on URL (port 0 picks a free port), prints `lightstream recv: listening on URL` on stderr, accepts one connection, writes what arrives and exits once the sender is done. For http URLs it serves an HTTP endpoint and takes the body of the first POST (or PUT), answering 200 when the stream is complete. With --connect it connects to URL instead (a `send --listen`, or any server that sends an IPC stream; for http(s), it GETs the URL).',
      'The stream is written as it arrives, byte for byte, when OUT is a stream (the default); --format file (or an OUT ending in .arrow), --compression, --alignment or --batch-rows decode and re-encode it. A path is written under a temporary name and renamed at the end: a transfer that fails leaves no partial file. Memory stays constant.',
      'A progress line (rows, bytes, rate) is drawn on stderr when it is a terminal.',
    ],
    examples: [
      'lightstream recv tcp://127.0.0.1:9000 out.arrows',
      'lightstream recv unix:///tmp/arrow.sock out.arrow --format file',
      'lightstream recv http://127.0.0.1:8080/upload - | lightstream cat -',
      'lightstream recv --connect https://example.com/data.arrows out.arrows',
    ],
  },
  async run(args, io) {
    const [url, out] = args.positionals as [string, string | undefined]
    const connecting = args.options.connect === true
    const endpoint = parseEndpoint(url, 'recv', !connecting)
    const format = outputFormat(args, 'recv', out)
    if (format === 'file' || wantsReencode(args)) writerOptions(args, 'recv', format, io.signal) // usage errors before any I/O
    if ((out === undefined || out === '-') && io.stdoutIsTTY) {
      throw new UsageError('recv: refusing to write binary IPC to a terminal; give OUT or redirect stdout', 'recv')
    }
    const announce = (where: string): void => {
      if (!args.quiet) io.stderr(`lightstream recv: listening on ${where}\n`)
    }
    const output = await openOutput(out, io)
    const progress = new ProgressLine(io, { label: 'recv', quiet: args.quiet })
    try {
      if (endpoint.transport === 'http' && connecting) {
        const source = await fetchDownload(endpoint, io)
        await receiveInto(source, endpoint.url, output, args, io, progress)
      } else if (endpoint.transport === 'http') {
        const upload = await acceptHttpUpload(endpoint, io, announce)
        try {
          const totals = await receiveInto(upload.source, upload.label, output, args, io, progress)
          await upload.finish(200, `received ${totals.rows} rows in ${totals.batches} record batches (${totals.bytes} bytes)\n`)
        } catch (error) {
          await upload.finish(400, `${error instanceof Error ? error.message : String(error)}\n`).catch(() => undefined)
          throw error
        }
      } else {
        const link = connecting ? await connectLink(endpoint, io) : await acceptLink(endpoint, io, announce)
        try {
          await receiveInto(link.source, link.label, output, args, io, progress)
          await link.close()
        } catch (error) {
          await link.destroy(error)
          throw error
        }
      }
      progress.finish()
    } catch (error) {
      progress.finish(true)
      await output.discard(error)
      throw error
    }
  },
}
