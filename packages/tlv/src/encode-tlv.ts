import { InvalidArgumentError, type Allocator } from '@lightstream/core'
import { allocUnsafe, defaultAllocator } from '@lightstream/core-buffer'
import { writeTlvHeader } from './tlv-encoder'
import { checkTlvFrame, resolveTlvLayout, type TlvFrame, type TlvOptions } from './tlv-layout'

/** Options for {@link encodeTlv}: the layout, and where the output is allocated. */
export interface EncodeTlvOptions extends TlvOptions {
  /** Allocates the one contiguous output. Defaults to core-buffer's 64-byte aligned `defaultAllocator`. */
  allocator?: Allocator
}

/**
 * Encode one frame or several into one contiguous Uint8Array: every payload is copied once, into memory from
 * the allocator (sized exactly, after a first pass that validates every frame). Use {@link TlvEncoder} or
 * {@link TlvWriter} to write without copying.
 *
 * @example
 * ```ts
 * encodeTlv({ tag: 7, payload: new TextEncoder().encode('hi') }) // Uint8Array [7, 2, 0, 0, 0, 0x68, 0x69]
 * ```
 * @throws InvalidArgumentError for a malformed frame, a tag out of range or bad options; FrameTooLargeError for a
 * payload over `maxPayloadLength` (nothing is allocated when a frame is invalid); AllocationError when the
 * allocator cannot provide the output.
 */
export function encodeTlv(frames: TlvFrame | Iterable<TlvFrame>, options?: EncodeTlvOptions): Uint8Array {
  const layout = resolveTlvLayout(options)
  const allocator = options?.allocator ?? defaultAllocator
  if (frames === null || typeof frames !== 'object') {
    throw new InvalidArgumentError('encodeTlv expects a TLV frame or an iterable of frames')
  }
  const list: readonly TlvFrame[] = isIterable(frames) ? (Array.isArray(frames) ? frames : Array.from(frames)) : [frames]
  let total = 0
  for (const frame of list) total += layout.headerSize + checkTlvFrame(layout, frame)
  const out = allocUnsafe(allocator, total) // every byte is written below
  let offset = 0
  for (const frame of list) {
    const payload = frame.payload
    writeTlvHeader(layout, out, offset, frame.tag, payload.byteLength)
    offset += layout.headerSize
    out.set(payload, offset)
    offset += payload.byteLength
  }
  return out
}

function isIterable(value: object): value is Iterable<TlvFrame> {
  return typeof (value as Partial<Iterable<TlvFrame>>)[Symbol.iterator] === 'function'
}
