// The Arrow integration-test command line of @lightstream/ipc: `main(argv)` parses the arguments of the
// Arrow project's cross-implementation runner (archery) and runs one mode. It runs from the built package
// (`@lightstream/ipc` resolves to dist through the package's own exports); `arrow-integration.mjs` is the
// executable that calls it. Node only (files, zlib, process).
import { readFile, writeFile } from 'node:fs/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import { MissingDependencyError, validate } from '@lightstream/core'
import {
  compareTables, readIntegrationJson, registerCodec, tableFromIntegrationJson, tableFromIPC, tableToIPC, writeIntegrationJson,
} from '@lightstream/ipc'

export const USAGE = `Usage: arrow-integration --mode MODE [options]

Modes (the contract of the Arrow integration runner):
  VALIDATE        --json F --arrow F [--json F --arrow F ...]
                  Check that each IPC file or stream F holds what the integration JSON F (may be .json.gz)
                  describes: schema, batch count, every valid value.
  JSON_TO_ARROW   --json F --arrow OUT       Write the JSON's data as an IPC file.
  STREAM_TO_FILE  --stream IN --arrow OUT    Convert an IPC stream to an IPC file (stdin when --stream is absent).
  FILE_TO_STREAM  --arrow IN --stream OUT    Convert an IPC file to an IPC stream (stdout when --stream is absent).
  ARROW_TO_JSON   --arrow IN --json OUT      Write an IPC file or stream as integration JSON (gzipped when OUT
                  ends in .gz). Not used by the Arrow runner; for inspection.

Writer options:
  --compression lz4|zstd   compress record batch bodies (needs @lightstream/codecs)
  --alignment 8|64         buffer alignment (default 64)
Other: --verbose, --help. Also accepted: -j/-a/-s for --json/--arrow/--stream, --mode=X forms, --integration.`

const MODES = ['VALIDATE', 'JSON_TO_ARROW', 'STREAM_TO_FILE', 'FILE_TO_STREAM', 'ARROW_TO_JSON']
const VALUE_FLAGS = { '--json': 'json', '-j': 'json', '--arrow': 'arrow', '-a': 'arrow', '--stream': 's', '-s': 's', '--mode': 'mode', '-c': 'mode', '--compression': 'compression', '--alignment': 'alignment' }

/** A usage error (exit code 2). */
class UsageError extends Error {}

/** Parses argv into { mode, json[], arrow[], stream[], compression, alignment, verbose, help }. Throws UsageError. */
export function parseArgs(argv) {
  const out = { mode: undefined, json: [], arrow: [], s: [], compression: undefined, alignment: undefined, verbose: false, help: false }
  for (let k = 0; k < argv.length; k++) {
    let arg = argv[k]
    let value
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    if (eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)]
    if (arg === '--help' || arg === '-h') out.help = true
    else if (arg === '--verbose' || arg === '-v') out.verbose = true
    else if (arg === '--integration' || arg === '--quiet') continue
    else if (Object.hasOwn(VALUE_FLAGS, arg)) {
      if (value === undefined) {
        if (k + 1 >= argv.length) throw new UsageError(`${arg} needs a value`)
        value = argv[++k]
      }
      const key = VALUE_FLAGS[arg]
      if (Array.isArray(out[key])) out[key].push(value)
      else out[key] = value
    } else throw new UsageError(`unknown argument ${JSON.stringify(argv[k])}`)
  }
  if (out.help) return out
  if (out.mode === undefined) throw new UsageError('--mode is required')
  out.mode = out.mode.toUpperCase()
  if (!MODES.includes(out.mode)) throw new UsageError(`unknown mode ${JSON.stringify(out.mode)} (one of ${MODES.join(', ')})`)
  if (out.compression !== undefined) {
    const c = out.compression.toLowerCase()
    if (c === 'lz4' || c === 'lz4_frame') out.compression = 'lz4_frame'
    else if (c === 'zstd') out.compression = 'zstd'
    else throw new UsageError(`--compression must be lz4 or zstd, got ${JSON.stringify(out.compression)}`)
  }
  if (out.alignment !== undefined) {
    if (out.alignment !== '8' && out.alignment !== '64') throw new UsageError(`--alignment must be 8 or 64, got ${JSON.stringify(out.alignment)}`)
    out.alignment = Number(out.alignment)
  }
  const need = (key, flag, count) => {
    if (out[key].length !== count) throw new UsageError(`${out.mode} needs ${count === 1 ? 'one' : count} ${flag}, got ${out[key].length}`)
  }
  if (out.mode === 'VALIDATE') {
    if (out.json.length === 0 || out.json.length !== out.arrow.length) {
      throw new UsageError(`VALIDATE needs matching --json/--arrow pairs, got ${out.json.length} --json and ${out.arrow.length} --arrow`)
    }
    need('s', '--stream', 0)
  } else if (out.mode === 'JSON_TO_ARROW' || out.mode === 'ARROW_TO_JSON') {
    need('json', '--json', 1)
    need('arrow', '--arrow', 1)
  } else {
    need('arrow', '--arrow', 1)
    if (out.s.length > 1) throw new UsageError(`${out.mode} takes at most one --stream`)
    need('json', '--json', 0)
  }
  return out
}

let codecsPromise

/**
 * The codecs of @lightstream/codecs (an optional peer of this package), or undefined when it is not
 * installed. Loaded once; every codec is also registered with `registerCodec`.
 */
export function loadCodecs() {
  codecsPromise ??= (async () => {
    let codecsModule
    try {
      codecsModule = await import('@lightstream/codecs')
    } catch {
      return undefined
    }
    const codecs = await codecsModule.loadDefaultCodecs()
    for (const codec of codecs) registerCodec(codec)
    return codecs
  })()
  return codecsPromise
}

/** Bytes of a file; `-` or undefined reads stdin. */
async function readInput(path, io) {
  if (path === undefined || path === '-') return io.readStdin()
  const buf = await readFile(path)
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

async function writeOutput(path, bytes, io) {
  if (path === undefined || path === '-') return io.writeStdout(bytes)
  await writeFile(path, bytes)
}

/** The text of an integration JSON file, gunzipped when it starts with the gzip magic. */
async function readJsonText(path, io) {
  const bytes = await readInput(path, io)
  const plain = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
  return new TextDecoder().decode(plain)
}

function writeOptions(args, codecs) {
  return { format: 'file', compression: args.compression, alignment: args.alignment, codecs }
}

async function run(args, io) {
  const codecs = await (io.loadCodecs ?? loadCodecs)()
  if (args.compression !== undefined && codecs === undefined) {
    throw new MissingDependencyError('@lightstream/codecs', `--compression ${args.compression}`)
  }
  const log = (msg) => args.verbose && io.stderr(`${msg}\n`)
  const readOptions = { codecs }
  switch (args.mode) {
    case 'VALIDATE': {
      for (let k = 0; k < args.json.length; k++) {
        const jsonPath = args.json[k]
        const arrowPath = args.arrow[k]
        log(`validating ${arrowPath} against ${jsonPath}`)
        const expected = readIntegrationJson(await readJsonText(jsonPath, io))
        const actual = tableFromIPC(await readInput(arrowPath, io), readOptions)
        // Full structural validation first (UTF-8 included), as the other implementations' VALIDATE does.
        validate(actual, { utf8: true })
        const diff = compareTables(expected, actual)
        if (diff !== null) {
          io.stderr(`VALIDATE failed: ${arrowPath} does not match ${jsonPath}: ${diff}\n`)
          return 1
        }
      }
      return 0
    }
    case 'JSON_TO_ARROW': {
      const table = tableFromIntegrationJson(await readJsonText(args.json[0], io))
      validate(table)
      await writeOutput(args.arrow[0], tableToIPC(table, writeOptions(args, codecs)), io)
      log(`wrote ${args.arrow[0]}`)
      return 0
    }
    case 'STREAM_TO_FILE': {
      const table = tableFromIPC(await readInput(args.s[0], io), readOptions)
      await writeOutput(args.arrow[0], tableToIPC(table, writeOptions(args, codecs)), io)
      return 0
    }
    case 'FILE_TO_STREAM': {
      const table = tableFromIPC(await readInput(args.arrow[0], io), readOptions)
      await writeOutput(args.s[0], tableToIPC(table, { ...writeOptions(args, codecs), format: 'stream' }), io)
      return 0
    }
    case 'ARROW_TO_JSON': {
      const table = tableFromIPC(await readInput(args.arrow[0], io), readOptions)
      const text = new TextEncoder().encode(writeIntegrationJson(table, { indent: 2 }))
      await writeOutput(args.json[0], args.json[0].endsWith('.gz') ? gzipSync(text) : text, io)
      return 0
    }
    default:
      throw new UsageError(`unknown mode ${args.mode}`)
  }
}

/** The process's stdio as the CLI uses it. */
export function processIo() {
  return {
    stderr: (text) => process.stderr.write(text),
    writeStdout: (bytes) => new Promise((resolve, reject) => process.stdout.write(bytes, (err) => (err ? reject(err) : resolve()))),
    readStdin: async () => {
      const chunks = []
      for await (const chunk of process.stdin) chunks.push(chunk)
      const buf = Buffer.concat(chunks)
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
    },
  }
}

/**
 * Runs the command line `argv` (without node and the script) and resolves to the exit code: 0 success,
 * 1 failure (the first difference or the error on stderr), 2 usage error.
 */
export async function main(argv, io = processIo()) {
  let args
  try {
    args = parseArgs(argv)
  } catch (err) {
    io.stderr(`arrow-integration: ${err.message}\n\n${USAGE}\n`)
    return 2
  }
  if (args.help) {
    io.stderr(`${USAGE}\n`)
    return 0
  }
  try {
    return await run(args, io)
  } catch (err) {
    const label = err && typeof err === 'object' && 'name' in err ? `${err.name}${err.code ? ` [${err.code}]` : ''}: ` : ''
    io.stderr(`arrow-integration ${args.mode} failed: ${label}${err?.message ?? String(err)}\n`)
    return 1
  }
}
