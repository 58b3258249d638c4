import { extname } from 'node:path'
import type { Command, OptionSpec, ParsedArgs } from '../cli/command-spec'
import { choiceOption, intOption } from '../cli/parse-command-line'
import { UsageError } from '../cli/usage-error'
import type { IpcFormat } from '../input/detect-format'
import { openIpcInput } from '../input/open-ipc-input'
import { copyBatches, type IpcOutputOptions } from '../output/ipc-output'
import { openOutput } from '../output/open-output'
import { ProgressLine } from '../output/progress-line'

const FILE_EXTENSIONS = new Set(['.arrow', '.feather', '.arrow_file', '.ipc'])

/** The output format: `--format`, else from OUT's extension (`.arrow`, `.feather`, `.ipc` → file), else stream. */
export function outputFormat(args: ParsedArgs, command: string, out: string | undefined): IpcFormat {
  const given = choiceOption(args, command, 'format', ['stream', 'file'] as const, undefined, { arrows: 'stream', arrow: 'file' })
  if (given !== undefined) return given
  return out !== undefined && out !== '-' && FILE_EXTENSIONS.has(extname(out).toLowerCase()) ? 'file' : 'stream'
}

/** The writer options shared by `convert`, `recv --format file` and `send` (re-encoding). */
export function writerOptions(args: ParsedArgs, command: string, format: IpcFormat, signal: AbortSignal | undefined): IpcOutputOptions {
  const compression = choiceOption(args, command, 'compression', ['lz4', 'zstd', 'none'] as const, 'none', { lz4_frame: 'lz4', uncompressed: 'none' })
  const alignment = intOption(args, command, 'alignment', 8, 64, 64)
  if (alignment !== 8 && alignment !== 64) throw new UsageError(`--alignment must be 8 or 64, got ${alignment}`, command)
  const batchRows = args.options['batch-rows'] === undefined ? undefined : intOption(args, command, 'batch-rows', 1, 2 ** 31 - 1, 0)
  return {
    format,
    compression: compression === 'none' ? undefined : compression === 'lz4' ? 'lz4_frame' : 'zstd',
    alignment,
    batchRows,
    signal,
  }
}

/** The writer options every re-encoding command documents. */
export const WRITER_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'compression', type: 'string', value: 'CODEC', description: 'lz4, zstd or none (default): compress record batch bodies' },
  { name: 'alignment', type: 'string', value: '8|64', description: 'pad buffers to 64 (default) or 8 bytes' },
  { name: 'batch-rows', type: 'string', value: 'N', description: 'split record batches longer than N rows (views, no copy)' },
]

/** `lightstream convert IN OUT`: IPC stream ⇄ file, recompress, realign, rebatch. */
export const convertCommand: Command = {
  spec: {
    name: 'convert',
    summary: 'Convert between the Arrow IPC stream and file formats, and change compression, alignment or batch size on the way.',
    positionals: [
      { name: 'IN', description: 'a path, - for stdin, or an http(s) URL' },
      { name: 'OUT', description: 'a path, or - for stdout (default: stdout)', optional: true },
    ],
    options: [
      { name: 'format', type: 'string', short: 'f', value: 'FMT', description: 'stream or file (default: file for .arrow/.feather/.ipc, else stream)' },
      ...WRITER_OPTION_SPECS,
      { name: 'quiet', type: 'boolean', short: 'q', description: 'no progress line' },
    ],
    details: [
      'Batches stream through one at a time, as views of the input, so memory stays constant (an IPC file read from stdin or a URL is gathered in memory first: its footer comes last). Without --compression the output is uncompressed, whatever the input was. A file is written under a temporary name and renamed when complete, so OUT never holds a partial file.',
      'The file format allows a dictionary to change only by deltas; a stream whose dictionaries are replaced between batches can only be converted to a stream.',
      'Compressed input needs @lightstream/codecs (a dependency of this package); --compression zstd needs a zstd encoder installed (zstd-napi or @bokuweb/zstd-wasm).',
    ],
    examples: ['lightstream convert data.arrows data.arrow', 'lightstream convert data.arrow - --compression lz4 > data.arrows', 'lightstream convert big.arrow small-batches.arrow --batch-rows 65536'],
  },
  async run(args, io) {
    const [inSpec, outSpec] = args.positionals as [string, string | undefined]
    const options = writerOptions(args, 'convert', outputFormat(args, 'convert', outSpec), io.signal)
    if (outSpec === undefined && io.stdoutIsTTY) throw new UsageError('convert: refusing to write binary IPC to a terminal; give OUT or redirect stdout', 'convert')
    const input = await openIpcInput(inSpec, io)
    const output = await openOutput(outSpec, io).catch(async (error: unknown) => {
      await input.close()
      throw error
    })
    const progress = new ProgressLine(io, { label: 'convert', totalBytes: input.byteLength, quiet: args.quiet })
    try {
      await copyBatches(input.schema, input.batches(), output.sink, options, (done) => progress.update(done.rows, input.bytesRead()))
      await output.commit()
      progress.finish()
    } catch (error) {
      progress.finish(true)
      await output.discard(error)
      throw error
    } finally {
      await input.close()
    }
  },
}
