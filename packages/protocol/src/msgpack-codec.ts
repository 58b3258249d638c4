import { Decoder, Encoder, type DecoderOptions, type EncoderOptions } from '@msgpack/msgpack'
import type { PayloadCodec } from './payload-codec'

/** Options of {@link msgpackCodec}: those of `@msgpack/msgpack`'s Encoder and Decoder. */
export interface MsgpackCodecOptions {
  /** Encoder options (extension codec, `ignoreUndefined`, `sortKeys`, `useBigInt64`, ...). */
  readonly encoder?: EncoderOptions
  /** Decoder options (extension codec, `useBigInt64`, `maxStrLength`, `maxBinLength`, ...). */
  readonly decoder?: DecoderOptions
}

/**
 * MessagePack through the `@msgpack/msgpack` library (the format the Rust version offers with its
 * `msgpack` feature; `Uint8Array`s travel as MessagePack `bin`, as `rmp-serde` writes `Vec<u8>` with
 * `BytesMode::ForceAll`). Encoding writes into the Encoder's buffer and returns a tight copy of it (one copy);
 * decoded `bin` values are views of the received payload (no copy). One Encoder and one Decoder are reused
 * per codec.
 *
 * @example
 * ```ts
 * const ticks = connection.registerMessage('ticks', { codec: msgpackCodec<{ price: number }>() })
 * await ticks.send({ price: 1.5 })
 * ```
 */
export function msgpackCodec<T = unknown>(options: MsgpackCodecOptions = {}): PayloadCodec<T> {
  const encoder = new Encoder(options.encoder)
  const decoder = new Decoder(options.decoder)
  return {
    name: 'msgpack',
    encode(value: T): Uint8Array {
      return encoder.encode(value) // a copy of the Encoder's reusable buffer, safe to hold
    },
    decode(bytes: Uint8Array): T {
      return decoder.decode(bytes) as T
    },
  }
}
