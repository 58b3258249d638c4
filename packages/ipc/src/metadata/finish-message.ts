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
 * Writes the root `Message` table around an already written header and returns the finished flatbuffer
 * as a tight Uint8Array (one copy out of the builder's growable buffer, so the result owns offset 0 of
 * its own ArrayBuffer and is 8-byte aligned).
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
  b.addFieldInt64(MessageSlot.bodyLength, BigInt(bodyLength), 0n)
  b.addFieldOffset(MessageSlot.header, header, 0)
  if (metadata !== 0) b.addFieldOffset(MessageSlot.customMetadata, metadata, 0)
  b.addFieldInt16(MessageSlot.version, version, 0)
  b.addFieldInt8(MessageSlot.headerType, headerType, 0)
  b.finish(b.endObject())
  return b.asUint8Array().slice()
}
