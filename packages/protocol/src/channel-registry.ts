import { InvalidArgumentError, type Schema } from '@lightstream/core'
import { checkCodec, rawCodec, type PayloadCodec } from './payload-codec'

/** A channel carries opaque messages (through a codec) or Arrow record batches. */
export type ChannelKind = 'message' | 'table'

/** One registered channel. @internal */
export interface ChannelEntry {
  readonly name: string
  /** Registration index: the tag on the wire. */
  readonly index: number
  readonly kind: ChannelKind
  /** Message channels: the payload codec. */
  readonly codec: PayloadCodec<unknown> | undefined
  /** Table channels: the declared schema, when one was given. */
  readonly schema: Schema | undefined
}

/** Longest channel name accepted (UTF-16 code units). */
const MAX_NAME_LENGTH = 1024

/**
 * The channels of one connection by name and by index. Both peers must register the same channels in the
 * same order (the index is the tag on the wire); the handshake checks it. Registration is O(1).
 * @internal
 */
export class ChannelRegistry {
  readonly #byName = new Map<string, ChannelEntry>()
  readonly #byIndex: ChannelEntry[] = []
  #frozenBecause: string | undefined

  constructor(private readonly maxChannels: number) {}

  /** Number of channels. */
  get size(): number {
    return this.#byIndex.length
  }

  /** Every channel, by index. */
  get entries(): readonly ChannelEntry[] {
    return this.#byIndex
  }

  /** Refuse further registrations, saying why. */
  freeze(reason: string): void {
    this.#frozenBecause ??= reason
  }

  /**
   * Add a channel at the next index.
   * @throws InvalidArgumentError for a bad or duplicate name, a bad codec or schema, more than `maxChannels`
   *   channels, or a registry frozen by the handshake.
   */
  add(name: string, kind: ChannelKind, codec: unknown, schema: Schema | undefined): ChannelEntry {
    if (this.#frozenBecause !== undefined) throw new InvalidArgumentError(`cannot register "${String(name)}": ${this.#frozenBecause}`)
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new InvalidArgumentError(`a channel name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`)
    }
    if (this.#byName.has(name)) throw new InvalidArgumentError(`channel "${name}" is already registered`)
    if (this.#byIndex.length >= this.maxChannels) {
      throw new InvalidArgumentError(`cannot register "${name}": at most ${this.maxChannels} channels (maxChannels)`)
    }
    if (schema !== undefined && (schema === null || typeof schema !== 'object' || !Array.isArray(schema.fields))) {
      throw new InvalidArgumentError(`the schema of table channel "${name}" must be an Arrow Schema`)
    }
    const entry: ChannelEntry = {
      name,
      index: this.#byIndex.length,
      kind,
      codec: kind === 'message' ? checkCodec(codec ?? rawCodec) : undefined,
      schema,
    }
    this.#byName.set(name, entry)
    this.#byIndex.push(entry)
    return entry
  }

  /** The channel named `name`. @throws InvalidArgumentError when there is none, or it is of the other kind. */
  get(name: string, kind: ChannelKind): ChannelEntry {
    const entry = this.#byName.get(name)
    if (entry === undefined) throw new InvalidArgumentError(`no channel named "${String(name)}" is registered`)
    if (entry.kind !== kind) {
      throw new InvalidArgumentError(`channel "${name}" is a ${entry.kind} channel: use ${entry.kind === 'table' ? 'sendTable' : 'send'}`)
    }
    return entry
  }

  /** The channel at `index`, or undefined. O(1). */
  at(index: number): ChannelEntry | undefined {
    return this.#byIndex[index]
  }
}
