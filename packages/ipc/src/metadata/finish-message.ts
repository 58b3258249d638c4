import type { Builder } from 'flatbuffers'
import { InvalidArgumentError } from '@lightstream/core'
import { writeCustomMetadata } from './custom-metadata'
import { MessageSlot } from './fbs-layout'
import { writerMetadataVersion } from './check-metadata-version'
import type { WriteMessageOptions } from './message-metadata'

/**
 * Checks that a writer input is a non-negative safe integer (a length, count, offset or size).
 *
 * @throws {InvalidArgumentError} anything else.
 * @internal
 */
export function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative safe integer, got ${String(value)}`)
  }
  return value
}

/** Whether `value` is a non-negative safe integer: {@link checkCount}'s test, for loops that build no label. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * Writes a non-negative safe integer as an int64 (LE) at the builder's head, without a BigInt (the
 * builder's int64 writers take one; making it was most of a small message's allocation). @internal
 */
export function writeUint53(b: Builder, value: number): void {
  b.writeInt32(Math.floor(value / 4294967296)) // high word (the builder writes backwards)
  b.writeInt32(value >>> 0) // low word
}

/** Like the builder's `addFieldInt64(slot, value, 0n)`, byte for byte, for a non-negative safe integer. @internal */
export function addFieldUint53(b: Builder, slot: number, value: number): void {
  if (value === 0) return
  b.prep(8, 0)
  writeUint53(b, value)
  b.slot(slot)
}

/**
 * Checks that a writer input is a safe integer (a dictionary id may be negative in the format).
 *
 * @throws {InvalidArgumentError} anything else.
 * @internal
 */
export function checkInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${what} must be a safe integer, got ${String(value)}`)
  }
  return value
}

/** Checks an int32 field value the format stores in 32 bits. */
export function checkInt32(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new InvalidArgumentError(`${what} must be a 32-bit integer, got ${String(value)}`)
  }
  return value
}

/**
 * Writes the root `Message` table around an already written header and returns the finished flatbuffer as
 * a view of the builder's buffer: valid until the shared builder is next used (`messageBuilder`). Public
 * writers return a copy (`.slice()`: a tight Uint8Array at offset 0 of its own ArrayBuffer, 8-byte aligned);
 * the encoders frame the view at once, copying it into the message's head.
 *
 * @throws {InvalidArgumentError} a bad version, body length or custom metadata.
 * @internal
 */
export function finishMessage(
  b: Builder,
  headerType: number,
  header: number,
  bodyLength: number,
  options: WriteMessageOptions | undefined,
): Uint8Array {
  const version = writerMetadataVersion(options?.version)
  checkCount(bodyLength, 'bodyLength')
  const metadata = writeCustomMetadata(b, options?.customMetadata, 'message')
  b.startObject(MessageSlot.count)
  addFieldUint53(b, MessageSlot.bodyLength, bodyLength)
  b.addFieldOffset(MessageSlot.header, header, 0)
  if (metadata !== 0) b.addFieldOffset(MessageSlot.customMetadata, metadata, 0)
  b.addFieldInt16(MessageSlot.version, version, 0)
  b.addFieldInt8(MessageSlot.headerType, headerType, 0)
  b.finish(b.endObject())
  return b.asUint8Array()
}
