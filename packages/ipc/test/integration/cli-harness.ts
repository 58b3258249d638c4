/**
 * Shared helpers of the integration CLI tests: run `main` in-process with captured stdio, locate the
 * built package, and check the alignment of an IPC file's blocks through its footer.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFooter, readMessage } from '@lightstream/ipc'
import type { Footer } from '@lightstream/ipc'
import { main } from '../../bin/integration-main.mjs'

const PACKAGE_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
/** The executable, as `package.json` "bin" names it. */
export const BIN = join(PACKAGE_DIR, 'bin', 'arrow-integration.mjs')
/** True when the package is built (the executable runs from `dist`). */
export const isBuilt = existsSync(join(PACKAGE_DIR, 'dist', 'index.js'))

export { describeIf } from '../../../../tooling/describe-if'

/** The outcome of one in-process run. */
export interface CliResult {
  readonly code: number
  readonly stderr: string
  readonly stdout: Uint8Array
}

/** Runs the CLI's `main` in this process; stdout is captured, stdin is `stdin`; `noCodecs` hides @lightstream/codecs. */
export async function runCli(argv: readonly string[], stdin: Uint8Array = new Uint8Array(0), noCodecs = false): Promise<CliResult> {
  let stderr = ''
  const out: Uint8Array[] = []
  const code = await main(argv, {
    stderr: (text) => {
      stderr += text
    },
    writeStdout: async (bytes) => {
      out.push(bytes.slice())
    },
    readStdin: async () => stdin,
    ...(noCodecs ? { loadCodecs: async () => undefined } : {}),
  })
  const total = out.reduce((n, b) => n + b.length, 0)
  const stdout = new Uint8Array(total)
  let at = 0
  for (const b of out) {
    stdout.set(b, at)
    at += b.length
  }
  return { code, stderr, stdout }
}

/** A fresh temporary directory and its removal. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lightstream-arrow-integration-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** True when `bytes` start with the IPC file magic. */
export function isFileFormat(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1'
}

/** The footer of an IPC file: `[... footer][int32 footer length]["ARROW1"]` at its end. */
export function fileFooter(bytes: Uint8Array): Footer {
  const end = bytes.length - 10
  const length = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getInt32(0, true)
  return readFooter(bytes.subarray(end - length, end))
}

/** The first block (message or body start) of a file that is not a multiple of `alignment`, or null. */
export function misalignedBlock(bytes: Uint8Array, alignment: number): string | null {
  const footer = fileFooter(bytes)
  for (const [kind, blocks] of [['dictionary', footer.dictionaries], ['record batch', footer.recordBatches]] as const) {
    for (const b of blocks) {
      if (b.offset % alignment !== 0) return `${kind} message at ${b.offset}`
      if ((b.offset + b.metaDataLength) % alignment !== 0) return `${kind} body at ${b.offset + b.metaDataLength}`
      if (b.bodyLength % 8 !== 0) return `${kind} body length ${b.bodyLength}`
    }
  }
  return null
}

/** The body compression codec each record batch of an IPC file declares (undefined = uncompressed). */
export function batchCompressions(bytes: Uint8Array): (string | undefined)[] {
  return fileFooter(bytes).recordBatches.map((b) => {
    // [0xFFFFFFFF][int32 flatbuffer length][flatbuffer ...]
    const length = new DataView(bytes.buffer, bytes.byteOffset + b.offset + 4, 4).getInt32(0, true)
    const { header } = readMessage(bytes.subarray(b.offset + 8, b.offset + 8 + length))
    return header.type === 'recordBatch' ? header.compression?.codec : 'not a record batch'
  })
}
