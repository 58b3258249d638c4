/**
 * Hand-built IPC streams for the reader tests: messages from the metadata writers plus bodies laid out
 * here, independently of the package's IPC writer, so the tests can express what the writer never emits
 * (deltas and replacements in any order, misaligned bodies, legacy framing, corrupt regions).
 */
import type { BodyCompression, FieldNode, WriteMessageOptions } from '@lightstream/ipc'
import { writeDictionaryBatchMessage, writeFooter, writeRecordBatchMessage, writeSchemaMessage } from '@lightstream/ipc'
import type { Schema } from '@lightstream/core'

/** A record batch to lay out: nodes in pre-order and one byte array per buffer. */
export interface CraftBatch {
  length: number
  nodes: FieldNode[]
  buffers: Uint8Array[]
  variadicBufferCounts?: number[]
  compression?: BodyCompression
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const pad8 = (n: number): number => (n + 7) & ~7

/** Lays the buffers out at 8-byte aligned offsets; returns the regions and the body. */
export function layOut(buffers: readonly Uint8Array[]): { regions: { offset: number; length: number }[]; body: Uint8Array } {
  const regions: { offset: number; length: number }[] = []
  let size = 0
  for (const b of buffers) {
    regions.push({ offset: size, length: b.length })
    size = pad8(size + b.length)
  }
  const body = new Uint8Array(size)
  buffers.forEach((b, k) => body.set(b, regions[k]!.offset))
  return { regions, body }
}

/** Continuation marker (unless legacy) + int32 length of the padded metadata + metadata + padding + body. */
export function encapsulate(metadata: Uint8Array, body: Uint8Array = new Uint8Array(0), legacy = false): Uint8Array {
  const prefix = legacy ? 4 : 8
  const padded = pad8(prefix + metadata.length) - prefix
  const head = new Uint8Array(prefix + padded)
  const dv = new DataView(head.buffer)
  if (!legacy) dv.setUint32(0, 0xffffffff, true)
  dv.setInt32(prefix - 4, padded, true)
  head.set(metadata, prefix)
  return concat([head, body])
}

export interface CraftOptions extends WriteMessageOptions {
  legacy?: boolean
}

export function schemaMessage(s: Schema, options: CraftOptions = {}): Uint8Array {
  return encapsulate(writeSchemaMessage(s, options), undefined, options.legacy)
}

export function batchMessage(batch: CraftBatch, options: CraftOptions = {}): Uint8Array {
  const { regions, body } = layOut(batch.buffers)
  const header = {
    length: batch.length, nodes: batch.nodes, buffers: regions,
    ...(batch.variadicBufferCounts ? { variadicBufferCounts: batch.variadicBufferCounts } : {}),
    ...(batch.compression ? { compression: batch.compression } : {}),
  }
  return encapsulate(writeRecordBatchMessage(header, body.length, options), body, options.legacy)
}

export function dictionaryMessage(id: number, batch: CraftBatch, isDelta: boolean, options: CraftOptions = {}): Uint8Array {
  const { regions, body } = layOut(batch.buffers)
  const data = { length: batch.length, nodes: batch.nodes, buffers: regions, ...(batch.compression ? { compression: batch.compression } : {}) }
  return encapsulate(writeDictionaryBatchMessage({ id, data, isDelta }, body.length, options), body, options.legacy)
}

export const EOS = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0)
export const LEGACY_EOS = Uint8Array.of(0, 0, 0, 0)

/** Little-endian bytes of typed values. */
export const i32 = (...v: number[]): Uint8Array => new Uint8Array(Int32Array.from(v).buffer)
export const f64 = (...v: number[]): Uint8Array => new Uint8Array(Float64Array.from(v).buffer)
export const i8 = (...v: number[]): Uint8Array => new Uint8Array(Int8Array.from(v).buffer)
export const bits = (...v: (0 | 1)[]): Uint8Array => {
  const out = new Uint8Array(Math.ceil(v.length / 8))
  v.forEach((b, i) => { if (b) out[i >> 3]! |= 1 << (i & 7) })
  return out
}
export const utf8 = (...v: string[]): { offsets: Uint8Array; data: Uint8Array } => {
  const enc = new TextEncoder()
  const parts = v.map((s) => enc.encode(s))
  const offsets = [0]
  for (const p of parts) offsets.push(offsets[offsets.length - 1]! + p.length)
  return { offsets: i32(...offsets), data: concat(parts) }
}

/** A copy of `bytes` starting at byte `shift` of a fresh buffer (to misalign it). */
export function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const memory = new Uint8Array(bytes.length + shift)
  memory.set(bytes, shift)
  return memory.subarray(shift)
}

/** The file block of an encapsulated message placed at `offset`. */
function blockOf(message: Uint8Array, offset: number): { offset: number; metaDataLength: number; bodyLength: number } {
  const dv = new DataView(message.buffer, message.byteOffset, message.byteLength)
  const legacy = dv.getUint32(0, true) !== 0xffffffff
  const metaDataLength = legacy ? 4 + dv.getInt32(0, true) : 8 + dv.getInt32(4, true)
  return { offset, metaDataLength, bodyLength: message.length - metaDataLength }
}

/** An IPC file: magic, the schema message, dictionaries, batches, end-of-stream, footer, its length, magic. */
export function craftFile(s: Schema, dictionaries: readonly Uint8Array[], batches: readonly Uint8Array[], options: CraftOptions = {}): Uint8Array {
  const head = Uint8Array.of(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0)
  const parts: Uint8Array[] = [head, schemaMessage(s, options)]
  let at = head.length + parts[1]!.length
  const place = (messages: readonly Uint8Array[]) => messages.map((m) => {
    const block = blockOf(m, at)
    parts.push(m)
    at += m.length
    return block
  })
  const dictionaryBlocks = place(dictionaries)
  const recordBatches = place(batches)
  parts.push(EOS)
  const footer = writeFooter({ schema: s, dictionaries: dictionaryBlocks, recordBatches, ...(options.version === undefined ? {} : { version: options.version }) })
  const tail = new Uint8Array(10)
  new DataView(tail.buffer).setInt32(0, footer.length, true)
  tail.set([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], 4)
  parts.push(footer, tail)
  return concat(parts)
}
