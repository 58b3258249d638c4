/**
 * A newline-delimited JSON framer written entirely outside the library: it implements the two contracts from
 * `@lightstream/core` (FrameDecoder, FrameEncoder) and nothing else, yet plugs straight into every driver of
 * `@lightstream/framing` (decodeFrames, FrameWriter, writeFrames) and gets chunking, backpressure and the
 * conformance kit for free.
 *
 * Wire format: one JSON value per line, UTF-8, each line ended by `\n` (a last line without `\n` is accepted
 * at end of input). JSON.stringify escapes newlines inside strings, so a raw `\n` always ends a value.
 */
import {
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  NEED_MORE,
  type DecodeResult,
  type FrameDecoder,
  type FrameEncoder,
} from '@lightstream/core'

const NEWLINE = 0x0a

/** Options shared by the NDJSON decoder and encoder. */
export interface NdjsonOptions {
  /** Longest line accepted, in bytes (default 1 MiB). */
  maxLineLength?: number
}

/**
 * Decodes one JSON value per line. It cannot know a line's length before seeing its `\n`, so it answers
 * NEED_MORE without a `needed` hint and the driver retries as bytes double; the line limit keeps that bounded.
 */
export class NdjsonDecoder implements FrameDecoder<unknown> {
  readonly #maxLine: number
  readonly #text = new TextDecoder('utf-8', { fatal: true })

  constructor(options: NdjsonOptions = {}) {
    this.#maxLine = options.maxLineLength ?? 1024 * 1024
  }

  decode(bytes: Uint8Array): DecodeResult<unknown> {
    const end = bytes.indexOf(NEWLINE)
    if (end < 0) {
      if (bytes.length > this.#maxLine) throw this.#tooLong(bytes.length)
      return NEED_MORE
    }
    if (end > this.#maxLine) throw this.#tooLong(end)
    return { frame: this.#parse(bytes.subarray(0, end)), consumed: end + 1 }
  }

  /** A last line without its `\n` is still a value. */
  finish(remaining: Uint8Array): unknown {
    return remaining.length === 0 ? undefined : this.#parse(remaining)
  }

  #parse(line: Uint8Array): unknown {
    try {
      return JSON.parse(this.#text.decode(line)) as unknown
    } catch (cause) {
      throw new InvalidFrameError(`not a JSON line (${line.length} bytes)`, { cause })
    }
  }

  #tooLong(size: number): FrameTooLargeError {
    return new FrameTooLargeError(`JSON line longer than ${this.#maxLine} bytes`, size, this.#maxLine)
  }
}

/** Encodes each value as `JSON.stringify(value) + '\n'`: one part per value. */
export class NdjsonEncoder implements FrameEncoder<unknown> {
  readonly #maxLine: number
  readonly #text = new TextEncoder()

  constructor(options: NdjsonOptions = {}) {
    this.#maxLine = options.maxLineLength ?? 1024 * 1024
  }

  encode(value: unknown): Uint8Array[] {
    const json = JSON.stringify(value) as string | undefined
    if (json === undefined) throw new InvalidArgumentError(`${typeof value} has no JSON form`)
    const line = this.#text.encode(json + '\n')
    if (line.length - 1 > this.#maxLine) throw new FrameTooLargeError('JSON line too long', line.length - 1, this.#maxLine)
    return [line]
  }
}
