import { InvalidArgumentError } from '@lightstream/core'

/**
 * Turns the values of one message channel into payload bytes and back. Implement it to carry your own
 * format (protobuf, CBOR, a custom struct) and pass it to `registerMessage(name, { codec })`. The `name`
 * travels in the handshake, so two peers that use different codecs on one channel get a HandshakeError
 * instead of garbage.
 *
 * `encode` may return a view of memory it keeps (the protocol does not hold it after the send resolved);
 * `decode` receives a view of the received bytes, valid for as long as you keep it (nothing reuses them).
 * Either may throw: a failing `encode` rejects the send with InvalidArgumentError (the error as `cause`);
 * a failing `decode` fails the connection with InvalidDataError naming the channel.
 *
 * @example
 * ```ts
 * const utf8: PayloadCodec<string> = {
 *   name: 'utf8',
 *   encode: (text) => new TextEncoder().encode(text),
 *   decode: (bytes) => new TextDecoder().decode(bytes),
 * }
 * const chat = connection.registerMessage('chat', { codec: utf8 })
 * await chat.send('hello')
 * ```
 */
export interface PayloadCodec<T> {
  /** A short stable name, e.g. `'raw'`, `'json'`, `'msgpack'`; compared in the handshake. */
  readonly name: string
  /** The payload bytes of `value`. */
  encode(value: T): Uint8Array
  /** The value of a received payload. */
  decode(bytes: Uint8Array): T
}

/**
 * Opaque bytes, as the Rust version sends them: `encode` returns your `Uint8Array` itself and `decode` the
 * received view. O(1), no copy either way.
 * @throws InvalidArgumentError (on send) for a value that is not a Uint8Array.
 */
export const rawCodec: PayloadCodec<Uint8Array> = Object.freeze({
  name: 'raw',
  encode(value: Uint8Array): Uint8Array {
    if (!(value instanceof Uint8Array)) throw new InvalidArgumentError('a raw message must be a Uint8Array')
    return value
  },
  decode(bytes: Uint8Array): Uint8Array {
    return bytes
  },
})

/** Options of {@link jsonCodec}. */
export interface JsonCodecOptions {
  /** Passed to `JSON.stringify`. */
  readonly replacer?: (this: unknown, key: string, value: unknown) => unknown
  /** Passed to `JSON.parse`. */
  readonly reviver?: (this: unknown, key: string, value: unknown) => unknown
}

/**
 * UTF-8 JSON: `JSON.stringify` then one encode into a fresh buffer; `JSON.parse` of the decoded text.
 * O(size of the value). `undefined` (which JSON cannot express) is refused.
 *
 * @example
 * ```ts
 * const events = connection.registerMessage('events', { codec: jsonCodec<{ id: number }>() })
 * await events.send({ id: 1 })
 * ```
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): PayloadCodec<T> {
  const encoder = new TextEncoder()
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const { replacer, reviver } = options
  return {
    name: 'json',
    encode(value: T): Uint8Array {
      const text = JSON.stringify(value, replacer)
      if (text === undefined) throw new InvalidArgumentError('this value has no JSON form (undefined, a function or a symbol)')
      return encoder.encode(text)
    },
    decode(bytes: Uint8Array): T {
      return JSON.parse(decoder.decode(bytes), reviver) as T
    },
  }
}

/**
 * Check that `codec` looks like a PayloadCodec. O(1).
 * @throws InvalidArgumentError otherwise.
 * @internal
 */
export function checkCodec(codec: unknown): PayloadCodec<unknown> {
  const c = codec as PayloadCodec<unknown> | null
  if (c === null || typeof c !== 'object' || typeof c.encode !== 'function' || typeof c.decode !== 'function') {
    throw new InvalidArgumentError('a codec must be an object with name, encode(value) and decode(bytes)')
  }
  if (typeof c.name !== 'string' || c.name.length === 0 || c.name.length > 200) {
    throw new InvalidArgumentError('a codec name must be a non-empty string of at most 200 characters')
  }
  return c
}
