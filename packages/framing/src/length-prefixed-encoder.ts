import { FrameTooLargeError, InvalidArgumentError, type FrameEncoder } from '@lightstream/core'
import {
  resolveLengthPrefix,
  type LengthPrefixEndian,
  type LengthPrefixedOptions,
  type LengthPrefixWidth,
} from './length-prefixed-options'
import { varintLength, writeVarint } from './varint'

const TWO_32 = 0x1_0000_0000

/**
 * Encodes a Uint8Array payload as `[length][payload]`: two parts, a fresh prefix and the payload itself
 * (no copy); an empty payload is the prefix alone. Output decodes with a {@link LengthPrefixedDecoder}
 * of the same options.
 *
 * @example
 * ```ts
 * new LengthPrefixedEncoder({ width: 'varint' }).encode(new Uint8Array(300), 0)
 * // [Uint8Array [0xac, 0x02], <the 300-byte payload itself>]
 * ```
 */
export class LengthPrefixedEncoder implements FrameEncoder<Uint8Array> {
  /** Prefix width. */
  readonly width: LengthPrefixWidth
  /** Byte order of a fixed-width prefix. */
  readonly endian: LengthPrefixEndian
  /** Largest payload accepted. */
  readonly maxFrameLength: number
  readonly #size: number
  readonly #le: boolean
  /** The smaller of `maxFrameLength` and what the prefix width can express. */
  readonly #limit: number

  /** @throws InvalidArgumentError for bad options. */
  constructor(options: LengthPrefixedOptions = {}) {
    const resolved = resolveLengthPrefix(options)
    this.width = resolved.width
    this.endian = resolved.endian
    this.maxFrameLength = resolved.maxFrameLength
    this.#size = resolved.size
    this.#le = resolved.endian === 'le'
    this.#limit = Math.min(resolved.maxFrameLength, resolved.widthMax)
  }

  /**
   * `[prefix, frame]` (or `[prefix]` for an empty frame). O(prefix): the payload is not copied. `position`
   * is unused (length prefixes need no alignment).
   * @throws InvalidArgumentError when `frame` is not a Uint8Array; FrameTooLargeError when it is longer than
   * `maxFrameLength` or than the prefix width can express.
   */
  encode(frame: Uint8Array, _position?: number): Uint8Array[] {
    if (!(frame instanceof Uint8Array)) throw new InvalidArgumentError('LengthPrefixedEncoder.encode expects a Uint8Array')
    const length = frame.byteLength
    if (length > this.#limit) {
      throw new FrameTooLargeError(
        `frame of ${length} bytes is above the limit of ${this.#limit} (maxFrameLength ${this.maxFrameLength}, width ${String(this.width)})`,
        length,
        this.#limit,
      )
    }
    const size = this.#size
    let prefix: Uint8Array
    if (size === 0) {
      prefix = new Uint8Array(varintLength(length))
      writeVarint(prefix, 0, length)
    } else {
      prefix = new Uint8Array(size)
      if (size === 8) {
        const high = Math.floor(length / TWO_32)
        writeU32(prefix, this.#le ? 4 : 0, high, this.#le)
        writeU32(prefix, this.#le ? 0 : 4, length % TWO_32, this.#le)
      } else {
        let value = length
        for (let i = 0; i < size; i++) {
          prefix[this.#le ? i : size - 1 - i] = value & 0xff
          value = Math.floor(value / 256)
        }
      }
    }
    return length === 0 ? [prefix] : [prefix, frame]
  }
}

function writeU32(out: Uint8Array, at: number, value: number, le: boolean): void {
  for (let i = 0; i < 4; i++) {
    out[le ? at + i : at + 3 - i] = value & 0xff
    value = Math.floor(value / 256)
  }
}
