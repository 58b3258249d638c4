/**
 * Minimal framing for the conformance tests (the real stream and file readers come in a later layer):
 * find an IPC file's footer, read the encapsulated message at an offset (with the 0xFFFFFFFF continuation
 * marker or the legacy pre-0.15 bare length), and walk a stream's messages to its end.
 */
import { Type } from '@lightstream/core'
import type { DataType, Field, Schema } from '@lightstream/core'
import { readFooter, readMessage } from '@lightstream/ipc'
import type { Footer, MessageMetadata } from '@lightstream/ipc'

const MAGIC = 'ARROW1'

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Reads the footer of an IPC file: `...footer, int32 footer length, "ARROW1"`. */
export function fileFooter(bytes: Uint8Array): Footer {
  const text = new TextDecoder()
  if (text.decode(bytes.subarray(0, 6)) !== MAGIC || text.decode(bytes.subarray(bytes.length - 6)) !== MAGIC) {
    throw new Error('not an Arrow IPC file')
  }
  const footerLength = view(bytes).getInt32(bytes.length - 10, true)
  return readFooter(bytes.subarray(bytes.length - 10 - footerLength, bytes.length - 10))
}

export interface LocatedMessage {
  readonly metadata: MessageMetadata
  /** Prefix + flatbuffer (+ padding) bytes, what a file Block calls metaDataLength. */
  readonly metaDataLength: number
  /** Whether the message used the legacy framing without the continuation marker. */
  readonly legacy: boolean
  /** Offset of the next message. */
  readonly next: number
}

/** The encapsulated message at `offset`, or null at an end-of-stream marker (length 0). */
export function messageAt(bytes: Uint8Array, offset: number): LocatedMessage | null {
  const dv = view(bytes)
  const legacy = dv.getUint32(offset, true) !== 0xffffffff
  const prefix = legacy ? 4 : 8
  const length = dv.getInt32(offset + prefix - 4, true)
  if (length === 0) return null
  const metadata = readMessage(bytes.subarray(offset + prefix, offset + prefix + length))
  return { metadata, metaDataLength: prefix + length, legacy, next: offset + prefix + length + metadata.bodyLength }
}

/** Every message of a stream, in order, up to the end-of-stream marker or the end of the bytes. */
export function streamMessages(bytes: Uint8Array): LocatedMessage[] {
  const out: LocatedMessage[] = []
  for (let offset = 0; offset + 4 <= bytes.length;) {
    const m = messageAt(bytes, offset)
    if (m === null) break
    out.push(m)
    offset = m.next
  }
  return out
}

/** The fields in the pre-order a RecordBatch flattens them into (dictionary fields are one node). */
export function flattenFields(fields: readonly Field[]): Field[] {
  const out: Field[] = []
  const children = (t: DataType): readonly Field[] => {
    switch (t.typeId) {
      case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: case Type.FixedSizeList: case Type.Map:
        return [t.child]
      case Type.Struct: case Type.Union: return t.children
      case Type.RunEndEncoded: return [t.runEnds, t.values]
      default: return []
    }
  }
  const walk = (f: Field): void => {
    out.push(f)
    children(f.type).forEach(walk)
  }
  fields.forEach(walk)
  return out
}

/** Buffers each field contributes to a RecordBatch body in metadata V5 (plus its variadic buffers). */
export function bufferCount(t: DataType, version: number): number {
  switch (t.typeId) {
    case Type.Null: case Type.RunEndEncoded: return 0
    case Type.Struct: case Type.FixedSizeList: return 1
    case Type.Union: return (t.mode === 0 ? 1 : 2) + (version < 4 ? 1 : 0)
    case Type.Binary: case Type.Utf8: case Type.LargeBinary: case Type.LargeUtf8: case Type.ListView: case Type.LargeListView: return 3
    default: return 2
  }
}

/** Total buffers a record batch of `schema` must list, given its variadic buffer counts. */
export function expectedBuffers(schema: Schema, version: number, variadic: readonly number[]): number {
  return flattenFields(schema.fields).reduce((n, f) => n + bufferCount(f.type, version), 0) + variadic.reduce((a, b) => a + b, 0)
}

/** How many view-typed fields (one variadic count each) the flattened schema has. */
export function viewFieldCount(schema: Schema): number {
  return flattenFields(schema.fields).filter((f) => f.type.typeId === Type.BinaryView || f.type.typeId === Type.Utf8View).length
}
