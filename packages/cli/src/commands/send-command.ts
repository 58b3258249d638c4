import type { ByteSink } from '@lightstream/core'
import type { CliIo } from '../cli/cli-io'
import type { Command, ParsedArgs } from '../cli/command-spec'
import { withContext } from '../cli/describe-error'
import { openInputBytes, type InputBytes } from '../input/open-input-bytes'
import { openIpcInputFrom } from '../input/open-ipc-input'
import { parseEndpoint } from '../net/endpoint'
import { forwardStream, type TransferTotals } from '../net/forward-stream'
import { acceptHttpDownload, postUpload } from '../net/http-link'
import { acceptLink, connectLink } from '../net/link'
import { copyBatches } from '../output/ipc-output'
import { ProgressLine } from '../output/progress-line'
import { WRITER_OPTION_SPECS, writerOptions } from './convert-command'

/** True when a writer option asks for the stream to be re-encoded. */
export function wantsReencode(args: ParsedArgs): boolean {
  return args.options.compression !== undefined || args.options.alignment !== undefined || args.options['batch-rows'] !== undefined
}

/**
 * Send `input` into `sink` as an Arrow IPC stream: a stream input as is, byte for byte (unless writer
 * options ask for re-encoding); a file input re-encoded as a stream, batch by batch from the mapping (the
 * buffers go to the socket as views). Closes the sink.
 */
async function sendInto(input: InputBytes, sink: ByteSink, args: ParsedArgs, io: CliIo, progress: ProgressLine): Promise<TransferTotals> {
  if (input.format === 'stream' && !wantsReencode(args)) {
    const totals = await forwardStream(input.source(), sink, (t) => progress.update(t.rows, t.bytes), input.label)
    await sink.close()
    return totals
  }
  const options = writerOptions(args, 'send', 'stream', io.signal)
  const ipc = await openIpcInputFrom(input, io)
  try {
    return await copyBatches(ipc.schema, ipc.batches(), sink, options, (t) => progress.update(t.rows, t.bytes))
  } finally {
    await ipc.close()
  }
}

/** `lightstream send URL FILE`: connect (or `--listen`) and send a file or stream as an Arrow IPC stream. */
export const sendCommand: Command = {
  spec: {
    name: 'send',
    summary: 'Send an Arrow IPC file or stream to a receiver as an Arrow IPC stream, over tcp, unix, ws or http.',
    positionals: [
      { name: 'URL', description: 'tcp://HOST:PORT, unix:///path.sock, ws://HOST:PORT/path or http(s)://HOST:PORT/path' },
      { name: 'FILE', description: 'a path, - for stdin, or an http(s) URL' },
    ],
    options: [
      { name: 'listen', type: 'boolean', short: 'l', description: 'be the server: listen on URL and send to the first peer (http: to the first GET)' },
      ...WRITER_OPTION_SPECS,
      { name: 'quiet', type: 'boolean', short: 'q', description: 'no progress line, no "listening on" line' },
    ],
    details: [
      'By default send CONNECTS to URL (a `lightstream recv URL` listens there), sends, closes its side and waits for the receiver to finish. For http(s) URLs it POSTs the stream (chunked transfer encoding) and fails unless the answer is 2xx. With --listen it listens on URL instead and sends to the first connection (for http, it answers the first GET), for a `recv --connect` or any client.',
      'What travels is a plain Arrow IPC stream: an input in the stream format goes out byte for byte (its compression and alignment kept); an IPC file is re-encoded as a stream, its buffers sent as views of the mapped file. --compression, --alignment or --batch-rows re-encode a stream input too. Memory stays constant; the socket\'s backpressure paces the reading.',
      'A progress line (rows, bytes, rate) is drawn on stderr when it is a terminal.',
    ],
    examples: [
      'lightstream recv tcp://127.0.0.1:9000 out.arrows &   lightstream send tcp://127.0.0.1:9000 data.arrow',
      'lightstream send unix:///tmp/arrow.sock data.arrows',
      'lightstream send http://127.0.0.1:8080/upload data.arrow',
      'lightstream send --listen tcp://0.0.0.0:9000 data.arrow',
    ],
  },
  async run(args, io) {
    const [url, file] = args.positionals as [string, string]
    const listening = args.options.listen === true
    const endpoint = parseEndpoint(url, 'send', listening)
    if (wantsReencode(args)) writerOptions(args, 'send', 'stream', io.signal) // usage errors before any I/O
    const input = await openInputBytes(file, io)
    const announce = (where: string): void => {
      if (!args.quiet) io.stderr(`lightstream send: listening on ${where}\n`)
    }
    const progress = new ProgressLine(io, { label: 'send', totalBytes: input.byteLength, quiet: args.quiet })
    try {
      if (endpoint.transport === 'http' && !listening) {
        // POST: the request body is produced by the sender as the server reads it.
        const { createByteChannel } = await import('@lightstream/async')
        const channel = createByteChannel(io.signal === undefined ? {} : { signal: io.signal })
        const sending = sendInto(input, channel.sink, args, io, progress).catch(async (error: unknown) => {
          await channel.sink.abort(error)
          throw error
        })
        // A failed POST must also stop the producer, which may be waiting for the request to take more.
        const posting = postUpload(endpoint, channel.source, io).catch(async (error: unknown) => {
          await channel.sink.abort(error)
          throw error
        })
        await Promise.all([posting, sending])
      } else if (endpoint.transport === 'http') {
        const download = await acceptHttpDownload(endpoint, io, announce)
        try {
          await sendInto(input, download.sink, args, io, progress)
        } finally {
          await download.close()
        }
      } else {
        const link = listening ? await acceptLink(endpoint, io, announce) : await connectLink(endpoint, io)
        try {
          await sendInto(input, link.sink, args, io, progress)
          await link.close()
        } catch (error) {
          await link.destroy(error)
          throw withContext(error, link.label)
        }
      }
      progress.finish()
    } catch (error) {
      progress.finish(true)
      throw error
    }
  },
}
