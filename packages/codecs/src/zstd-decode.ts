import { InvalidFrameError } from '@lightstream/core'
import { Decompress, decompress } from 'fzstd'
import { codecFailure } from './codec-limits'
import type { ZstdFrameInfo } from './zstd-frame-scan'

/** fzstd's error code for "unexpected EOF". */
const FZSTD_UNEXPECTED_EOF = 5

/**
 * Checks the frames' declared sizes against `expected` before anything is allocated: declared content
 * sizes must add up to it (frames without one must be able to cover the rest).
 * @throws {InvalidFrameError} the frames cannot expand to `expected` bytes.
 * @internal
 */
export function checkZstdFrameSizes(frames: readonly ZstdFrameInfo[], expected: number): void {
  let declared = 0
  let undeclaredMax = 0
  let undeclaredMin = 0
  for (const frame of frames) {
    if (frame.contentSize >= 0) declared += frame.contentSize
    else {
      undeclaredMax += frame.maxOutput
      undeclaredMin += frame.minOutput
    }
  }
  if (declared + undeclaredMin > expected || declared + undeclaredMax < expected) {
    const what = undeclaredMax === 0 ? `${declared} bytes` : `between ${declared + undeclaredMin} and ${declared + undeclaredMax} bytes`
    throw new InvalidFrameError(`zstd: the data declares ${what}, but ${expected} were declared for the buffer`)
  }
}

/**
 * Decodes every frame into `out` and checks that `out` is filled exactly. With `decompressInto` (libzstd
 * from zstd-napi or @bokuweb/zstd-wasm), each frame is decoded by it into its slice of `out`, and the count
 * it returns is checked. Otherwise fzstd decodes:
 *
 * A frame that declares its content size (what Arrow C++, Java and zstd's one-shot API write) is decoded
 * in one call straight into its slice of `out` (no copy). A frame without one (streaming writers, e.g.
 * arrow-rs) goes through fzstd's streaming decoder; every chunk it yields is counted and copied into
 * `out`, and the first byte past the declared length stops it.
 *
 * @throws {InvalidFrameError} corrupt data, or data that expands to another length than declared.
 * @throws {TruncatedInputError} fzstd reached the end of a block's data early.
 * @internal
 */
export function decodeZstdFrames(
  src: Uint8Array,
  frames: readonly ZstdFrameInfo[],
  out: Uint8Array,
  decompressInto?: (frame: Uint8Array, target: Uint8Array) => number,
): void {
  let d = 0
  for (const frame of frames) {
    const bytes = src.subarray(frame.start, frame.end)
    try {
      if (decompressInto !== undefined) {
        const target = frame.contentSize >= 0 ? out.subarray(d, d + frame.contentSize) : out.subarray(d)
        const written = decompressInto(bytes, target)
        if (!Number.isSafeInteger(written) || written < 0 || written > target.length || (frame.contentSize >= 0 && written !== frame.contentSize)) {
          throw new InvalidFrameError(`zstd: a frame decoded to ${String(written)} bytes where ${frame.contentSize >= 0 ? frame.contentSize : `at most ${target.length}`} fit`)
        }
        d += written
      } else if (frame.contentSize >= 0) {
        decompress(bytes, fzstdTarget(out.subarray(d, d + frame.contentSize)))
        d += frame.contentSize
      } else {
        d = decodeStreamingFrame(shrinkWindow(bytes, frame.windowSize, out.length - d), out, d)
      }
    } catch (err) {
      throw codecFailure('zstd', err, isUnexpectedEof(err))
    }
  }
  if (d !== out.length) throw new InvalidFrameError(`zstd: the data expands to ${d} bytes, but ${out.length} were declared`)
}

/**
 * fzstd 0.1.1 tests its output argument with `== 1`, which converts a typed array to a primitive: the string
 * of all its bytes, O(n) and the bulk of the decode time (7x slower on a 70 KB buffer). A primitive hint on
 * this private view keeps that comparison O(1); the caller's buffer is not touched.
 */
function fzstdTarget(view: Uint8Array): Uint8Array {
  Object.defineProperty(view, Symbol.toPrimitive, { value: toZero })
  return view
}

function toZero(): number {
  return 0
}

/**
 * fzstd's streaming decoder allocates the whole window a frame asks for (2 MiB at zstd's default level, up
 * to `maxWindowSize`) and shifts it after every block. A frame cannot refer further back than the bytes it
 * has produced, and this one may produce at most `remaining`, so a window of the next power of two at or
 * above `remaining` (at least 1 KiB) decodes it identically. When that is smaller, the frame is copied
 * (O(compressed size)) with its window descriptor byte rewritten; the input is not modified.
 */
function shrinkWindow(frame: Uint8Array, windowSize: number, remaining: number): Uint8Array {
  const log = Math.max(10, Math.ceil(Math.log2(Math.max(remaining, 1))))
  if (log > 41 || 2 ** log >= windowSize) return frame
  const copy = frame.slice()
  copy[5] = (log - 10) << 3 // Window_Descriptor: exponent, mantissa 0 (not single-segment, so byte 5)
  return copy
}

function decodeStreamingFrame(bytes: Uint8Array, out: Uint8Array, start: number): number {
  let d = start
  const stream = new Decompress((chunk) => {
    if (chunk.length > out.length - d) {
      throw new InvalidFrameError(`zstd: the data expands beyond the ${out.length} bytes declared`)
    }
    out.set(chunk, d)
    d += chunk.length
  })
  stream.push(bytes, true)
  return d
}

function isUnexpectedEof(err: unknown): boolean {
  return err instanceof Error && (err as Error & { code?: unknown }).code === FZSTD_UNEXPECTED_EOF
}
