import { concatParts } from '@lightstream/framing'
import { describe, expect, it } from 'vitest'
import { RecordBatch, Data, field, int32, schema } from '@lightstream/core'
import { frameMessage, readMessage, writeRecordBatchMessage, writeSchemaMessage } from '@lightstream/ipc'
import { encodeTlv } from '@lightstream/tlv'
import { createProtocolConnection, type ProtocolItem } from '@lightstream/protocol'
import { replayTransport, valuesOf } from './helpers'

// The format as the issue (and Rust Lightstream's codec) defines it, built by hand: TLV frames
// [tag u8][len u32 LE][payload], tag = registration index, message payload = raw bytes, table payload =
// concatenated Arrow IPC stream messages (Schema first, then record batches), no end-of-stream marker.
const s = schema([field('id', int32(), false)])

function tlv(tag: number, payload: Uint8Array): Uint8Array {
  const header = Uint8Array.of(tag, payload.length & 0xff, (payload.length >>> 8) & 0xff, (payload.length >>> 16) & 0xff, payload.length >>> 24)
  return concatParts([header, payload])
}

/** A RecordBatch message for an Int32 column without nulls, framed at `position`, body built by hand (64-byte padded). */
function int32BatchMessage(values: number[], position: number): Uint8Array {
  const body = new Uint8Array(64)
  new DataView(body.buffer).setInt32(0, 0, true)
  values.forEach((v, i) => new DataView(body.buffer).setInt32(i * 4, v, true))
  const metadata = writeRecordBatchMessage(
    { length: values.length, nodes: [{ length: values.length, nullCount: 0 }], buffers: [{ offset: 0, length: 0 }, { offset: 0, length: values.length * 4 }] },
    64,
  )
  return concatParts(frameMessage({ metadata, body: [body], bodyLength: 64 }, position, 64).parts)
}

function schemaMessage(): Uint8Array {
  return concatParts(frameMessage({ metadata: writeSchemaMessage(s), body: [], bodyLength: 0 }, 0, 64).parts)
}

function batchOf(values: number[]): RecordBatch {
  return new RecordBatch(s, [new Data({ type: int32(), length: values.length, values: Int32Array.from(values) })])
}

describe('the wire format, byte for byte', () => {
  it('writes exactly the hand-built frames: message, first table send (schema + batch), later send (batch only)', async () => {
    const t = replayTransport([])
    const conn = createProtocolConnection(t) // default handshake 'accept': nothing but our frames goes out
    conn.registerMessage('note') // tag 0
    conn.registerTable('ids', s) // tag 1
    await conn.send('note', Uint8Array.of(0x68, 0x69))
    await conn.sendTable('ids', batchOf([1, 2, 3]))
    await conn.sendTable('ids', batchOf([4, 5]))
    await conn.close()

    const schemaBytes = schemaMessage()
    const first = concatParts([schemaBytes, int32BatchMessage([1, 2, 3], schemaBytes.length)])
    const second = int32BatchMessage([4, 5], 0)
    const expected = concatParts([tlv(0, Uint8Array.of(0x68, 0x69)), tlv(1, first), tlv(1, second)])
    expect(Array.from(t.out.bytes().subarray(0, 7))).toEqual([0, 2, 0, 0, 0, 0x68, 0x69])
    expect(t.out.bytes()).toEqual(expected)
    // The same framing @lightstream/tlv produces.
    expect(expected).toEqual(encodeTlv([{ tag: 0, payload: Uint8Array.of(0x68, 0x69) }, { tag: 1, payload: first }, { tag: 1, payload: second }]))
    // And the table payloads really are what we think: Schema, RecordBatch / RecordBatch, no end-of-stream marker.
    expect(readMessage(first.subarray(8, 8 + new DataView(first.buffer).getInt32(4, true))).header.type).toBe('schema')
    expect(second.length % 8).toBe(0)
    expect(conn.stats).toMatchObject({ framesSent: 3, bytesSent: expected.length })
  })

  it('reads hand-built frames arriving in arbitrary chunks', async () => {
    const schemaBytes = schemaMessage()
    const bytes = concatParts([
      tlv(1, concatParts([schemaBytes, int32BatchMessage([7, 8, 9], schemaBytes.length)])),
      tlv(0, new TextEncoder().encode('between')),
      tlv(1, int32BatchMessage([10], 0)),
    ])
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 100), bytes.subarray(100, 101), bytes.subarray(101)]
    const conn = createProtocolConnection(replayTransport(chunks))
    conn.registerMessage('note')
    conn.registerTable('ids', s)
    const items: ProtocolItem[] = []
    for await (const item of conn) items.push(item)
    expect(items.map((i) => (i.kind === 'message' ? new TextDecoder().decode(i.value as Uint8Array) : valuesOf(i.batch.getChildAt(0))))).toEqual([
      [7, 8, 9],
      'between',
      [10],
    ])
    expect(items.map((i) => i.index)).toEqual([1, 0, 1])
  })

  it('accepts an end-of-stream marker at the end of a table payload (stops reading that payload there)', async () => {
    const schemaBytes = schemaMessage()
    const eos = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0)
    const bytes = concatParts([tlv(0, concatParts([schemaBytes, int32BatchMessage([1], schemaBytes.length), eos])), tlv(0, int32BatchMessage([2], 0))])
    const conn = createProtocolConnection(replayTransport([bytes]))
    conn.registerTable('ids')
    const rows: unknown[] = []
    for await (const item of conn) if (item.kind === 'table') rows.push(...valuesOf(item.batch.getChildAt(0)))
    expect(rows).toEqual([1, 2])
  })
})
