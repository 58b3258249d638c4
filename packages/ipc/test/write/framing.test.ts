import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, MetadataVersion, RecordBatch, Table, dataFromArray, field, int32, schema } from '@lightstream/core'
import { IpcMessageEncoder, frameMessage, readMessage, tableToIPC, tableToIPCParts, writeSchemaMessage } from '@lightstream/ipc'
import { decodeFile, decodeStream, sameBytes } from './decode-for-test'
import { sampleTable } from './sample-columns'

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
const int32At = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset).getInt32(at, true)

const s = schema([field('a', int32(), false)])
const oneBatch = new Table(s, [new RecordBatch(s, [dataFromArray(new Int32Array([1, 2, 3]))], 3)])

describe('message framing, byte by byte', () => {
  it('stream: marker, padded length, flatbuffer, zero padding, body, end-of-stream (alignment 64)', () => {
    const bytes = tableToIPC(oneBatch)
    const schemaFb = writeSchemaMessage(s)
    // Schema message: FF FF FF FF, int32 length L with 8 + L a multiple of 64, the flatbuffer, zeros.
    expect(hex(bytes.subarray(0, 4))).toBe('ff ff ff ff')
    const L = int32At(bytes, 4)
    expect((8 + L) % 64).toBe(0)
    expect(L).toBe(Math.ceil((8 + schemaFb.length) / 64) * 64 - 8)
    expect(bytes.subarray(8, 8 + schemaFb.length)).toEqual(schemaFb)
    expect(bytes.subarray(8 + schemaFb.length, 8 + L).every((b) => b === 0)).toBe(true)
    // Record batch message at 8 + L, its body 64-aligned: 1, 2, 3 as int32 LE then zeros to 64 bytes.
    const rb = 8 + L
    expect(hex(bytes.subarray(rb, rb + 4))).toBe('ff ff ff ff')
    const M = int32At(bytes, rb + 4)
    const body = rb + 8 + M
    expect(body % 64).toBe(0)
    const meta = readMessage(bytes.subarray(rb + 8, rb + 8 + M))
    expect(meta.bodyLength).toBe(64)
    expect(meta.header).toMatchObject({ type: 'recordBatch', length: 3, nodes: [{ length: 3, nullCount: 0 }], buffers: [{ offset: 0, length: 0 }, { offset: 0, length: 12 }] })
    expect(hex(bytes.subarray(body, body + 12))).toBe('01 00 00 00 02 00 00 00 03 00 00 00')
    expect(bytes.subarray(body + 12, body + 64).every((b) => b === 0)).toBe(true)
    // End of stream, nothing after it.
    expect(hex(bytes.subarray(body + 64))).toBe('ff ff ff ff 00 00 00 00')
  })

  it('alignment 8 pads only to 8', () => {
    const bytes = tableToIPC(oneBatch, { alignment: 8 })
    const L = int32At(bytes, 4)
    expect(L % 8).toBe(0)
    expect(L).toBe(Math.ceil(writeSchemaMessage(s).length / 8) * 8)
    const rb = 8 + L
    const M = int32At(bytes, rb + 4)
    expect(readMessage(bytes.subarray(rb + 8, rb + 8 + M)).bodyLength).toBe(16)
    expect(bytes.length).toBe(rb + 8 + M + 16 + 8)
  })

  it('legacy framing: no marker, 4-byte end-of-stream, metadata V4', () => {
    const bytes = tableToIPC(oneBatch, { legacyFormat: true })
    const L = int32At(bytes, 0)
    expect(L).toBeGreaterThan(0)
    expect((4 + L) % 64).toBe(0)
    expect(readMessage(bytes.subarray(4, 4 + L)).version).toBe(MetadataVersion.V4)
    expect(hex(bytes.subarray(bytes.length - 4))).toBe('00 00 00 00')
    const d = decodeStream(bytes)
    expect(d.messages.every((m) => m.legacy)).toBe(true)
    expect(d.batches[0]!.columns[0]!.get(2)).toBe(3)
    // Legacy framing with V5 metadata when asked.
    expect(readMessage(tableToIPC(oneBatch, { legacyFormat: true, metadataVersion: MetadataVersion.V5 }).subarray(4, 4 + L)).version).toBe(MetadataVersion.V5)
  })

  it('file: ARROW1 + 2 zero bytes, the stream, the footer, its length, ARROW1; blocks point at the messages', () => {
    const table = sampleTable()
    for (const alignment of [8, 64] as const) {
      const bytes = tableToIPC(table, { format: 'file', alignment })
      expect(hex(bytes.subarray(0, 8))).toBe('41 52 52 4f 57 31 00 00')
      expect(new TextDecoder().decode(bytes.subarray(bytes.length - 6))).toBe('ARROW1')
      const d = decodeFile(bytes, { alignment })
      const footer = d.footer!
      const byOffset = new Map(d.messages.map((m) => [m.offset, m]))
      const check = (blocks: typeof footer.recordBatches, type: string): void => {
        for (const b of blocks) {
          const m = byOffset.get(b.offset)!
          expect(m.metadata.header.type).toBe(type)
          expect(b.metaDataLength).toBe(m.metaDataLength)
          expect(b.bodyLength).toBe(m.metadata.bodyLength)
          expect((b.offset + b.metaDataLength) % alignment).toBe(0)
          expect(b.metaDataLength % 8).toBe(0)
        }
      }
      expect(footer.recordBatches).toHaveLength(1)
      expect(footer.dictionaries).toHaveLength(3)
      check(footer.recordBatches, 'recordBatch')
      check(footer.dictionaries, 'dictionaryBatch')
      expect(footer.schema.fields.map((f) => f.name)).toEqual(table.schema.fields.map((f) => f.name))
      // The end-of-stream marker sits right before the footer.
      const footerLength = int32At(bytes, bytes.length - 10)
      expect(hex(bytes.subarray(bytes.length - 10 - footerLength - 8, bytes.length - 10 - footerLength))).toBe('ff ff ff ff 00 00 00 00')
    }
  })

  it('every body and every buffer is aligned in the output, at 8 and 64, and padding between buffers is zero', () => {
    const table = sampleTable()
    for (const alignment of [8, 64] as const) {
      for (const format of ['stream', 'file'] as const) {
        const bytes = tableToIPC(new Table(table.schema, [table.batches[0]!, table.batches[0]!]), { alignment, format })
        const d = format === 'file' ? decodeFile(bytes, { alignment }) : decodeStream(bytes, { alignment })
        for (const m of d.messages) {
          const h = m.metadata.header
          if (h.type === 'schema') continue
          const rb = h.type === 'recordBatch' ? h : h.data
          expect(m.bodyStart % alignment).toBe(0)
          expect(m.metadata.bodyLength % alignment).toBe(0)
          const covered = new Uint8Array(m.metadata.bodyLength)
          for (const b of rb.buffers) {
            expect((m.bodyStart + b.offset) % alignment).toBe(0)
            covered.fill(1, b.offset, b.offset + b.length)
          }
          const body = bytes.subarray(m.bodyStart, m.bodyStart + m.metadata.bodyLength)
          expect(body.every((byte, i) => covered[i] === 1 || byte === 0)).toBe(true)
        }
      }
    }
  })

  it('the contiguous output is exactly the parts, every byte written (no stale memory from allocUnsafe)', () => {
    const table = sampleTable()
    for (const format of ['stream', 'file'] as const) {
      const parts = tableToIPCParts(table, { format })
      const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
      let at = 0
      for (const p of parts) (joined.set(p, at), (at += p.byteLength))
      for (let round = 0; round < 3; round++) expect(sameBytes(tableToIPC(table, { format }), joined)).toBe(true)
    }
  })

  it('parts are the columns\' own memory, not copies', () => {
    const values = new Int32Array(1000).map((_, i) => i)
    const t = new Table(s, [new RecordBatch(s, [dataFromArray(values)], 1000)])
    const parts = tableToIPCParts(t)
    expect(parts.some((p) => p.buffer === values.buffer && p.byteOffset === 0 && p.byteLength === 4000)).toBe(true)
  })
})

describe('IpcMessageEncoder and frameMessage', () => {
  const metadata = writeSchemaMessage(s)
  const message = { metadata, body: [Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)], bodyLength: 8 }

  it('pads so the body lands aligned at the absolute stream position', () => {
    for (const position of [0, 8, 24, 56, 64, 1000]) {
      for (const alignment of [8, 64] as const) {
        const parts = new IpcMessageEncoder({ alignment }).encode(message, position)
        const before = parts.slice(0, -1).reduce((n, p) => n + p.byteLength, 0)
        expect((position + before) % alignment).toBe(0)
        expect(parts.at(-1)).toBe(message.body[0]) // the body part itself, no copy
        const framed = frameMessage(message, position, alignment, false)
        expect(framed.metaDataLength).toBe(before)
        expect(int32At(parts[0]!, 4)).toBe(before - 8)
        // One head part: marker, length, the flatbuffer, zero padding; then the body parts.
        expect(framed.parts).toHaveLength(1 + message.body.length)
        const head = framed.parts[0]!
        expect(head.byteLength).toBe(framed.metaDataLength)
        expect(hex(head.subarray(0, 4))).toBe('ff ff ff ff')
        expect(head.subarray(8, 8 + metadata.byteLength)).toEqual(metadata)
        expect(head.subarray(8 + metadata.byteLength).every((b) => b === 0)).toBe(true)
        const legacy = frameMessage(message, position, alignment, true)
        expect((position + legacy.metaDataLength) % alignment).toBe(0)
        expect(int32At(legacy.parts[0]!, 0)).toBe(legacy.metaDataLength - 4)
        expect(legacy.parts[0]!.subarray(4, 4 + metadata.byteLength)).toEqual(metadata)
      }
    }
  })

  it('gives every message its own head: heads made later never change earlier ones', () => {
    // Enough messages of varied sizes to fill several of the shared blocks small heads are cut from.
    const heads: { head: Uint8Array; metadata: Uint8Array; length: number }[] = []
    let position = 0
    for (let k = 0; k < 600; k++) {
      const meta = writeSchemaMessage(schema(Array.from({ length: 1 + (k % 7) }, (_, i) => field(`c${k}_${i}`, int32()))))
      const framed = frameMessage({ metadata: meta, body: [], bodyLength: 0 }, position, k % 2 === 0 ? 64 : 8, false)
      heads.push({ head: framed.parts[0]!, metadata: meta, length: framed.metaDataLength })
      position += framed.metaDataLength
    }
    for (const { head, metadata: meta, length } of heads) {
      expect(head.byteLength).toBe(length)
      expect(head.byteOffset % 8).toBe(0)
      expect(hex(head.subarray(0, 4))).toBe('ff ff ff ff')
      expect(int32At(head, 4)).toBe(length - 8)
      expect(head.subarray(8, 8 + meta.byteLength)).toEqual(meta)
      expect(head.subarray(8 + meta.byteLength).every((b) => b === 0)).toBe(true)
    }
  })

  it('finish writes the end-of-stream marker (or nothing, or the legacy one)', () => {
    expect(hex(new IpcMessageEncoder().finish()[0]!)).toBe('ff ff ff ff 00 00 00 00')
    expect(hex(new IpcMessageEncoder({ legacyFormat: true }).finish()[0]!)).toBe('00 00 00 00')
    expect(new IpcMessageEncoder({ endOfStream: false }).finish()).toEqual([])
  })

  it('refuses positions that are not multiples of 8, mismatched body lengths and bad alignments', () => {
    expect(() => frameMessage(message, 3, 64, false)).toThrow(InvalidArgumentError)
    expect(() => frameMessage({ ...message, bodyLength: 16 }, 0, 64, false)).toThrow(InvalidArgumentError)
    expect(() => new IpcMessageEncoder({ alignment: 16 as 8 })).toThrow(InvalidArgumentError)
  })
})
