import { InvalidArgumentError, type FrameEncoder } from '@lightstream/core'
import { DEFAULT_IPC_ALIGNMENT, END_OF_STREAM, LEGACY_END_OF_STREAM } from '../format/constants'
import { frameMessage, type EncodedMessage } from './frame-message'

/** Options of {@link IpcMessageEncoder}. */
export interface IpcMessageEncoderOptions {
  /** Bodies start at multiples of this in the output: 64 (default) or 8. */
  readonly alignment?: 8 | 64
  /** Pre-0.15 framing without the continuation marker (default false). */
  readonly legacyFormat?: boolean
  /** Write the end-of-stream marker in `finish` (default true). */
  readonly endOfStream?: boolean
}

/**
 * The FrameEncoder of single encapsulated IPC messages, for driving any ByteSink with
 * `@lightstream/framing`'s FrameWriter or writeFrames when you build the messages yourself (for
 * record batches and tables use {@link IpcStreamEncoder}, which also handles the schema and dictionaries).
 * `encode` returns the message's head (the 8-byte prefix, a copy of the flatbuffer and zero padding up to
 * the alignment, as one part) and the body parts (views, no copy); `finish` returns the end-of-stream marker.
 *
 * @example
 * ```ts
 * const encoder = new IpcMessageEncoder()
 * const parts = encoder.encode({ metadata: writeSchemaMessage(schema), body: [], bodyLength: 0 }, 0)
 * ```
 */
export class IpcMessageEncoder implements FrameEncoder<EncodedMessage> {
  readonly #alignment: number
  readonly #legacy: boolean
  readonly #endOfStream: boolean

  /** @throws InvalidArgumentError an alignment other than 8 or 64. */
  constructor(options: IpcMessageEncoderOptions = {}) {
    const alignment = options.alignment ?? DEFAULT_IPC_ALIGNMENT
    if (alignment !== 8 && alignment !== 64) throw new InvalidArgumentError(`alignment must be 8 or 64, got ${String(alignment)}`)
    this.#alignment = alignment
    this.#legacy = options.legacyFormat === true
    this.#endOfStream = options.endOfStream !== false
  }

  /**
   * The parts of one encapsulated message starting at stream offset `position`. O(body parts), no copy.
   * @throws InvalidArgumentError a position that is not a multiple of 8, or body parts that do not add up
   *   to `bodyLength`.
   */
  encode(message: EncodedMessage, position: number): Uint8Array[] {
    return frameMessage(message, position, this.#alignment, this.#legacy).parts
  }

  /** The end-of-stream marker (8 bytes, or 4 with legacy framing), or nothing with `endOfStream: false`. */
  finish(): Uint8Array[] {
    if (!this.#endOfStream) return []
    return [(this.#legacy ? LEGACY_END_OF_STREAM : END_OF_STREAM).slice()]
  }
}
