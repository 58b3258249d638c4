import { ConformanceError, InvalidArgumentError, LightstreamError, isNeedMore, type FrameDecoder } from '@lightstream/core'
import { sizeFrames, type FrameLength } from '../frame-sizer'
import { decodeFramesAsync, decodeFramesSync } from '../decode-frames'
import { chunkEvery, randomChunks, splitAt } from './chunkings'
import { framesEqual } from './frames-equal'
import { seededRandom } from './seeded-random'

/** What {@link checkFrameDecoder} checks. */
export interface ConformanceOptions<F> {
  /** Makes a fresh decoder; one is made per run. */
  createDecoder: () => FrameDecoder<F>
  /** The encoded input. */
  input: Uint8Array
  /** The frames the input must decode to (before the error, when `expectErrorCode` is set). */
  expected?: readonly F[]
  /** The `code` of the error decoding must end with, e.g. `'ERR_TRUNCATED'`. Without it, any error fails the check. */
  expectErrorCode?: string
  /** Frame comparison. Defaults to {@link framesEqual} (structural; compares Uint8Array contents). */
  equals?: (a: F, b: F) => boolean
  /** How many seeded random chunkings to run (default 50). */
  randomRuns?: number
  /** Seed of the random chunkings (default 1). */
  seed?: number
  /** Also split the input in two at every offset (default: when the input is at most 8192 bytes). */
  everySplit?: boolean
}

/** What {@link checkFrameDecoder} ran. */
export interface ConformanceReport {
  /** Decoding runs made (each chunking through each driver, plus the reference). */
  runs: number
  /** Frames the input decodes to. */
  frames: number
}

interface Outcome<F> {
  frames: F[]
  error?: unknown
}

/** Guard bytes around each replayed chunk: decoders must read only inside the view they are given. */
const GUARD = 3
const GUARD_BYTE = 0xa5
const EVERY_SPLIT_LIMIT = 8192

/**
 * Replay a FrameDecoder at every chunk boundary and check it decodes the same frames (and fails with the
 * same error code) however the bytes arrive. The input is decoded as one chunk (the reference, checked
 * against `expected` / `expectErrorCode`), in 1-byte chunks, split in two at every offset, and at
 * `randomRuns` seeded random chunkings, each through both the sync and the async driver with a fresh decoder.
 *
 * A decoder with `frameLength` is also checked against it: on every prefix of each frame of the input that
 * decodes cleanly it answers undefined or exactly the frame's length, never forgets a length once given,
 * gives it when the whole frame is there, and never throws; and the input is replayed in whole-frame chunks
 * through a source that takes the async driver's frame-length offer (as a slab-reading socket does).
 *
 * Replayed chunks are copied into their own memory at an odd offset between guard bytes, so a decoder that
 * reads outside its view (through `.buffer`) or assumes alignment is caught. Frames are compared after the
 * whole run, so a decoder that returns views of memory it later overwrites is caught too. An error that is
 * not a LightstreamError (a raw TypeError, say) always fails the check.
 *
 * @example
 * ```ts
 * await checkFrameDecoder({
 *   createDecoder: () => new LengthPrefixedDecoder({ width: 2 }),
 *   input: Uint8Array.of(0, 1, 42, 0, 0),
 *   expected: [Uint8Array.of(42), new Uint8Array(0)],
 * })
 * ```
 * @throws (rejects) ConformanceError naming the chunking, the driver and the frame index of the first
 * difference, or of the missing or unexpected error; InvalidArgumentError for bad options.
 */
export async function checkFrameDecoder<F>(options: ConformanceOptions<F>): Promise<ConformanceReport> {
  const { createDecoder, input } = options
  if (typeof createDecoder !== 'function') throw new InvalidArgumentError('checkFrameDecoder needs createDecoder()')
  if (!(input instanceof Uint8Array)) throw new InvalidArgumentError('checkFrameDecoder needs input: Uint8Array')
  const randomRuns = options.randomRuns ?? 50
  if (!Number.isSafeInteger(randomRuns) || randomRuns < 0) {
    throw new InvalidArgumentError(`randomRuns must be a non-negative integer, got ${String(randomRuns)}`)
  }
  const equals = options.equals ?? (framesEqual as (a: F, b: F) => boolean)
  const everySplit = options.everySplit ?? input.length <= EVERY_SPLIT_LIMIT

  const reference = decodeSync([input], createDecoder)
  checkReference(reference, options, equals)
  let runs = 1
  const replay = async (chunking: string, chunks: Uint8Array[], isolated = true): Promise<void> => {
    const copies = isolated ? isolate(chunks) : chunks
    compare(decodeSync(copies, createDecoder), reference, `${chunking}, sync driver`, equals)
    compare(await decodeAsync(copies, createDecoder), reference, `${chunking}, async driver`, equals)
    runs += 2
  }

  await replay('one chunk', [input], false)
  await replay('1-byte chunks', chunkEvery(input, 1))
  if (everySplit) {
    for (let offset = 0; offset <= input.length; offset++) await replay(`split at ${offset}`, splitAt(input, offset))
  }
  const seed = options.seed ?? 1
  const random = seededRandom(seed)
  const ends = checkFrameLength(input, createDecoder)
  if (ends !== undefined) {
    const chunks = frameSizedChunks(input, ends, random)
    const copies = isolate(chunks)
    const source = new SizingSource(copies)
    compare(await decodeAsync(copies, createDecoder, source), reference, `whole-frame chunks ${sizes(chunks)}, async driver with frameLength`, equals)
    if (!source.offered) throw new ConformanceError('the async driver did not offer the decoder\'s frameLength to a source that takes it')
    runs++
  }
  const scales = [2, 7, 64, 1024, Math.max(1, Math.ceil(input.length / 3))]
  for (let run = 0; run < randomRuns; run++) {
    const maxChunk = scales[run % scales.length]!
    const chunks = randomChunks(input, random, maxChunk)
    await replay(`random chunking #${run} (seed ${seed}, chunk sizes ${sizes(chunks)})`, chunks)
  }
  return { runs, frames: reference.frames.length }
}

function decodeSync<F>(chunks: Uint8Array[], createDecoder: () => FrameDecoder<F>): Outcome<F> {
  const frames: F[] = []
  try {
    for (const frame of decodeFramesSync(chunks, createDecoder())) frames.push(frame)
  } catch (error) {
    return { frames, error }
  }
  return { frames }
}

async function decodeAsync<F>(chunks: Uint8Array[], createDecoder: () => FrameDecoder<F>, source: AsyncIterable<Uint8Array> = toAsync(chunks)): Promise<Outcome<F>> {
  const frames: F[] = []
  try {
    for await (const frame of decodeFramesAsync(source, createDecoder())) frames.push(frame)
  } catch (error) {
    return { frames, error }
  }
  return { frames }
}

async function* toAsync(chunks: Uint8Array[]): AsyncGenerator<Uint8Array, void, undefined> {
  for (const chunk of chunks) yield chunk
}

/** Prefix lengths at which frameLength is asked about a frame of `total` bytes: all up to 512, then about 512 more. */
function prefixLengths(total: number): number[] {
  const out: number[] = []
  for (let k = 0; k <= Math.min(total, 512); k++) out.push(k)
  const step = Math.max(1, Math.ceil((total - 512) / 512))
  for (let k = 513; k < total; k += step) out.push(k)
  if (total > 512) out.push(total)
  return out
}

/**
 * Check `frameLength` (when the decoder has it) on every frame of the input that decodes cleanly; returns
 * where those frames end, or undefined when the decoder has no frameLength.
 */
function checkFrameLength<F>(input: Uint8Array, createDecoder: () => FrameDecoder<F>): number[] | undefined {
  const decoder = createDecoder()
  if (typeof decoder.frameLength !== 'function') return undefined
  const frameLength = (bytes: Uint8Array, where: string): number | undefined => {
    try {
      return decoder.frameLength!(bytes)
    } catch (error) {
      throw new ConformanceError(`frameLength threw ${describeError(error)} on ${where}; it must answer, not throw`, { cause: error })
    }
  }
  const ends: number[] = []
  let at = 0
  while (at < input.length) {
    let total: number
    try {
      const result = createDecoder().decode(input.subarray(at))
      if (isNeedMore(result)) break
      total = result.consumed
    } catch {
      break // the frames after an error are not checked
    }
    const frame = `frame ${ends.length} (bytes ${at}..${at + total})`
    let known = false
    for (const k of prefixLengths(total)) {
      const length = frameLength(input.subarray(at, at + k), `the first ${k} bytes of ${frame}`)
      if (length !== undefined && length !== total) {
        throw new ConformanceError(`frameLength says ${length} from the first ${k} bytes of ${frame}, which decodes from ${total}`)
      }
      if (known && length === undefined) throw new ConformanceError(`frameLength forgot the length of ${frame} at ${k} bytes`)
      known = length !== undefined
    }
    if (!known) throw new ConformanceError(`frameLength gives no length for ${frame} even when all of it is there`)
    if (frameLength(input.subarray(at), `${frame} and everything after it`) !== total) {
      throw new ConformanceError(`frameLength of ${frame} changes when the bytes after it are there too`)
    }
    at += total
    ends.push(at)
  }
  return ends
}

/** The input in chunks of 1 to 3 whole frames (the clean ones; the rest of the input in one last chunk). */
function frameSizedChunks(input: Uint8Array, ends: readonly number[], random: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < ends.length; ) {
    i = Math.min(ends.length, i + 1 + Math.floor(random() * 3))
    chunks.push(input.subarray(start, ends[i - 1]!))
    start = ends[i - 1]!
  }
  if (start < input.length || chunks.length === 0) chunks.push(input.subarray(start))
  return chunks
}

/** An async source whose iterator takes the driver's frame-length offer (see `sizeFrames`), as a slab reader does. */
class SizingSource implements AsyncIterable<Uint8Array> {
  offered = false
  constructor(private readonly chunks: readonly Uint8Array[]) {}
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    let i = 0
    const chunks = this.chunks
    return {
      next: async () => (i < chunks.length ? { done: false, value: chunks[i++]! } : { done: true, value: undefined }),
      [sizeFrames]: (frameLength: FrameLength): boolean => {
        this.offered = typeof frameLength === 'function' && i === 0
        return this.offered
      },
    } as AsyncIterator<Uint8Array>
  }
}

function checkReference<F>(reference: Outcome<F>, options: ConformanceOptions<F>, equals: (a: F, b: F) => boolean): void {
  const where = 'one chunk (reference)'
  if (reference.error !== undefined) checkLightstream(reference.error, where, reference.frames.length)
  if (options.expected !== undefined) {
    const expected: Outcome<F> = { frames: [...options.expected] }
    if (reference.error !== undefined) expected.error = reference.error
    compare(reference, expected, `${where} against expected`, equals)
  }
  const wanted = options.expectErrorCode
  if (wanted === undefined && reference.error !== undefined) {
    throw new ConformanceError(
      `${where}: unexpected ${describeError(reference.error)} after ${reference.frames.length} frame(s)`,
      { cause: reference.error },
    )
  }
  if (wanted !== undefined && codeOf(reference.error) !== wanted) {
    throw new ConformanceError(
      `${where}: expected error ${wanted} after ${reference.frames.length} frame(s), got ${
        reference.error === undefined ? 'a clean end' : describeError(reference.error)
      }`,
      reference.error === undefined ? undefined : { cause: reference.error },
    )
  }
}

function compare<F>(actual: Outcome<F>, reference: Outcome<F>, where: string, equals: (a: F, b: F) => boolean): void {
  if (actual.error !== undefined) checkLightstream(actual.error, where, actual.frames.length)
  const common = Math.min(actual.frames.length, reference.frames.length)
  for (let i = 0; i < common; i++) {
    if (!equals(actual.frames[i]!, reference.frames[i]!)) {
      throw new ConformanceError(
        `${where}: frame ${i} differs: got ${describe(actual.frames[i])}, expected ${describe(reference.frames[i])}`,
      )
    }
  }
  const cause = actual.error === undefined ? undefined : { cause: actual.error }
  if (actual.frames.length > common) {
    throw new ConformanceError(
      `${where}: frame ${common} (${describe(actual.frames[common])}) was not expected; expected ${ending(reference)} after ${common} frame(s)`,
      cause,
    )
  }
  if (reference.frames.length > common) {
    throw new ConformanceError(
      `${where}: frame ${common} (${describe(reference.frames[common])}) is missing; got ${ending(actual)} instead`,
      cause,
    )
  }
  if (codeOf(actual.error) !== codeOf(reference.error)) {
    throw new ConformanceError(`${where}: after ${common} frame(s) expected ${ending(reference)}, got ${ending(actual)}`, cause)
  }
}

function checkLightstream(error: unknown, where: string, frames: number): void {
  if (!(error instanceof LightstreamError)) {
    throw new ConformanceError(
      `${where}: threw ${describeError(error)} after ${frames} frame(s), which is not a LightstreamError with a stable code`,
      { cause: error },
    )
  }
}

function codeOf(error: unknown): string | undefined {
  return error instanceof LightstreamError ? error.code : undefined
}

function ending<F>(outcome: Outcome<F>): string {
  return outcome.error === undefined ? 'a clean end of input' : describeError(outcome.error)
}

function describeError(error: unknown): string {
  if (error instanceof LightstreamError) return `${error.name} ${error.code} ("${error.message}")`
  if (error instanceof Error) return `${error.name} ("${error.message}")`
  return `a thrown ${typeof error} (${String(error)})`
}

/** A short, readable rendering of a frame for error messages. */
function describe(value: unknown, depth = 0): string {
  if (value instanceof Uint8Array) {
    const shown = Array.from(value.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join(' ')
    return `Uint8Array(${value.length}) [${shown}${value.length > 16 ? ' …' : ''}]`
  }
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value !== 'object' || value === null) return String(value)
  if (depth >= 2) return Array.isArray(value) ? '[…]' : '{…}'
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((item) => describe(item, depth + 1))
    return `[${items.join(', ')}${value.length > 8 ? ', …' : ''}]`
  }
  const entries = Object.entries(value).slice(0, 8).map(([key, item]) => `${key}: ${describe(item, depth + 1)}`)
  return `{ ${entries.join(', ')} }`
}

function sizes(chunks: Uint8Array[]): string {
  const shown = chunks.slice(0, 12).map((chunk) => chunk.length).join(',')
  return `[${shown}${chunks.length > 12 ? `,… ${chunks.length} chunks` : ''}]`
}

/** Copy each chunk into its own memory, at an odd offset between guard bytes. */
function isolate(chunks: Uint8Array[]): Uint8Array[] {
  return chunks.map((chunk) => {
    const memory = new Uint8Array(chunk.length + 2 * GUARD).fill(GUARD_BYTE)
    memory.set(chunk, GUARD)
    return memory.subarray(GUARD, GUARD + chunk.length)
  })
}
