import type { ChannelEntry, ChannelKind } from './channel-registry'
import { HandshakeError } from './protocol-errors'
import { schemaDifference, summarizeSchema, type FieldSummary } from './schema-summary'
import { WireFormat } from './wire-format'

/** One channel as a hello describes it. */
export interface HelloChannel {
  readonly name: string
  readonly kind: ChannelKind
  /** Message channels: the codec name. */
  readonly codec?: string
  /** Table channels with a declared schema: its fields. */
  readonly schema?: readonly FieldSummary[]
}

/** The body of a hello control frame (UTF-8 JSON): who we are and what we registered. */
export interface Hello {
  /** Always `'lightstream'`: tells a hello from stray bytes. */
  readonly protocol: string
  /** Protocol version; peers speak the lower of their two versions. */
  readonly version: number
  /** Largest frame payload this peer accepts. */
  readonly maxFrameSize: number
  /** Every channel, in registration (= tag) order. */
  readonly channels: readonly HelloChannel[]
}

/** Largest hello accepted: 16 MiB of JSON (a registry of 65 536 channels with schemas fits comfortably). */
export const MAX_HELLO_BYTES = 16 * 1024 * 1024

/** The control frame payload of our hello: `[kind 1][UTF-8 JSON]`. O(registry). @internal */
export function encodeHello(channels: readonly ChannelEntry[], maxFrameSize: number): Uint8Array {
  const hello: Hello = {
    protocol: WireFormat.magic,
    version: WireFormat.version,
    maxFrameSize,
    channels: channels.map((c): HelloChannel => {
      if (c.kind === 'message') return { name: c.name, kind: 'message', codec: c.codec!.name }
      return c.schema === undefined ? { name: c.name, kind: 'table' } : { name: c.name, kind: 'table', schema: summarizeSchema(c.schema) }
    }),
  }
  const json = new TextEncoder().encode(JSON.stringify(hello))
  const payload = new Uint8Array(json.length + 1)
  payload[0] = WireFormat.helloKind
  payload.set(json, 1)
  return payload
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function readField(v: unknown, where: string): FieldSummary {
  if (!isRecord(v) || typeof v.name !== 'string' || typeof v.type !== 'string' || typeof v.nullable !== 'boolean') {
    throw new HandshakeError(`the peer's hello is malformed: ${where} is not {name, type, nullable}`)
  }
  return { name: v.name, type: v.type, nullable: v.nullable }
}

function readChannel(v: unknown, i: number): HelloChannel {
  if (!isRecord(v) || typeof v.name !== 'string' || (v.kind !== 'message' && v.kind !== 'table')) {
    throw new HandshakeError(`the peer's hello is malformed: channel ${i} has no name or kind`)
  }
  if (v.kind === 'message') {
    if (typeof v.codec !== 'string') throw new HandshakeError(`the peer's hello is malformed: message channel ${i} has no codec`)
    return { name: v.name, kind: 'message', codec: v.codec }
  }
  if (v.schema === undefined) return { name: v.name, kind: 'table' }
  if (!Array.isArray(v.schema)) throw new HandshakeError(`the peer's hello is malformed: the schema of channel ${i} is not a list`)
  return { name: v.name, kind: 'table', schema: v.schema.map((f, j) => readField(f, `field ${j} of channel ${i}`)) }
}

/**
 * Read the body of a hello control frame (after the kind byte). Unknown members are ignored, so later
 * versions can add some. O(body); at most {@link MAX_HELLO_BYTES}.
 * @throws HandshakeError for bytes that are not a hello of a version we can speak, or a hello over the limit.
 * @internal
 */
export function decodeHello(body: Uint8Array): Hello {
  if (body.length > MAX_HELLO_BYTES) throw new HandshakeError(`the peer's hello is ${body.length} bytes, more than ${MAX_HELLO_BYTES}`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch (cause) {
    throw new HandshakeError("the peer's hello is not UTF-8 JSON", { cause })
  }
  if (!isRecord(value) || value.protocol !== WireFormat.magic) throw new HandshakeError(`the peer's hello does not say protocol "${WireFormat.magic}"`)
  const { version, maxFrameSize, channels } = value
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new HandshakeError(`the peer's hello has protocol version ${String(version)}; this side speaks version ${WireFormat.version}`)
  }
  if (typeof maxFrameSize !== 'number' || !Number.isSafeInteger(maxFrameSize) || maxFrameSize < 0) {
    throw new HandshakeError(`the peer's hello has an invalid maxFrameSize (${String(maxFrameSize)})`)
  }
  if (!Array.isArray(channels)) throw new HandshakeError("the peer's hello has no channel list")
  return { protocol: WireFormat.magic, version, maxFrameSize, channels: channels.map(readChannel) }
}

/**
 * The first difference between our registry and the peer's, as a HandshakeError naming the channel, or
 * undefined when they agree: same channels in the same order, same kinds, same codecs, and the same
 * schemas where both declared one. O(channels + fields).
 * @internal
 */
export function registryMismatch(ours: readonly ChannelEntry[], theirs: readonly HelloChannel[]): HandshakeError | undefined {
  const n = Math.max(ours.length, theirs.length)
  const fail = (channel: string, what: string): HandshakeError =>
    new HandshakeError(`channel registries differ: ${what}`, { channel })
  for (let i = 0; i < n; i++) {
    const a = ours[i]
    const b = theirs[i]
    if (a === undefined) return fail(b!.name, `channel ${i} "${b!.name}" is registered on the peer but not here (${ours.length} vs ${theirs.length} channels)`)
    if (b === undefined) return fail(a.name, `channel ${i} "${a.name}" is registered here but not on the peer (${ours.length} vs ${theirs.length} channels)`)
    if (a.name !== b.name) return fail(a.name, `channel ${i} is "${a.name}" here and "${b.name}" on the peer (register channels in the same order on both sides)`)
    if (a.kind !== b.kind) return fail(a.name, `channel ${i} "${a.name}" is a ${a.kind} channel here and a ${b.kind} channel on the peer`)
    if (a.kind === 'message' && a.codec!.name !== b.codec) {
      return fail(a.name, `channel ${i} "${a.name}" uses the ${a.codec!.name} codec here and ${String(b.codec)} on the peer`)
    }
    if (a.kind === 'table' && a.schema !== undefined && b.schema !== undefined) {
      const difference = schemaDifference(summarizeSchema(a.schema), b.schema, 'here', 'on the peer')
      if (difference !== undefined) return fail(a.name, `table channel ${i} "${a.name}": ${difference}`)
    }
  }
  return undefined
}
