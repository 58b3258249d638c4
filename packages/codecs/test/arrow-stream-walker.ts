/**
 * A tiny, test-only walker over an Arrow IPC *stream*: it finds each RecordBatch message and the body
 * buffers it lists, reading just enough of the flatbuffers metadata by hand. The codecs package may not
 * depend on @lightstream/ipc (same layer), so the gold-file test uses this instead.
 *
 * Message table fields: 0 version, 1 header_type, 2 header, 3 bodyLength. RecordBatch fields: 0 length,
 * 1 nodes, 2 buffers (structs {offset: i64, length: i64}), 3 compression (table: 0 codec, 1 method).
 */
export interface WalkedBuffer {
  /** The buffer's bytes inside the message body (prefix included when compressed). */
  readonly bytes: Uint8Array
}

export interface WalkedBatch {
  readonly length: number
  /** 0 = LZ4_FRAME, 1 = ZSTD; -1 when the batch is not compressed. */
  readonly codec: number
  readonly buffers: WalkedBuffer[]
}

const RECORD_BATCH = 3

export function walkRecordBatches(stream: Uint8Array): WalkedBatch[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength)
  const batches: WalkedBatch[] = []
  let p = 0
  for (;;) {
    if (view.getUint32(p, true) !== 0xffffffff) throw new Error(`expected a continuation marker at ${p}`)
    const metaLength = view.getInt32(p + 4, true)
    if (metaLength === 0) return batches
    const meta = p + 8
    const table = new FlatTable(view, meta + view.getUint32(meta, true))
    const headerType = table.scalar(1, 1, 0)
    const bodyLength = Number(table.scalar(3, 8, 0))
    const body = meta + metaLength
    if (headerType === RECORD_BATCH) {
      const header = table.table(2)!
      const compression = header.table(3)
      const buffers: WalkedBuffer[] = []
      const vector = header.vector(2)!
      for (let i = 0; i < vector.length; i++) {
        const at = vector.start + 16 * i
        const offset = Number(view.getBigInt64(at, true))
        const length = Number(view.getBigInt64(at + 8, true))
        buffers.push({ bytes: stream.subarray(body + offset, body + offset + length) })
      }
      batches.push({ length: Number(header.scalar(0, 8, 0)), codec: compression ? Number(compression.scalar(0, 1, 0)) : -1, buffers })
    }
    p = body + bodyLength
  }
}

class FlatTable {
  constructor(
    private readonly view: DataView,
    private readonly at: number,
  ) {}

  private field(slot: number): number {
    const vtable = this.at - this.view.getInt32(this.at, true)
    const vtableSize = this.view.getUint16(vtable, true)
    const entry = 4 + 2 * slot
    if (entry >= vtableSize) return 0
    const offset = this.view.getUint16(vtable + entry, true)
    return offset === 0 ? 0 : this.at + offset
  }

  scalar(slot: number, width: 1 | 8, fallback: number): number {
    const p = this.field(slot)
    if (p === 0) return fallback
    return width === 1 ? this.view.getUint8(p) : Number(this.view.getBigInt64(p, true))
  }

  table(slot: number): FlatTable | undefined {
    const p = this.field(slot)
    return p === 0 ? undefined : new FlatTable(this.view, p + this.view.getUint32(p, true))
  }

  vector(slot: number): { start: number; length: number } | undefined {
    const p = this.field(slot)
    if (p === 0) return undefined
    const v = p + this.view.getUint32(p, true)
    return { start: v + 4, length: this.view.getUint32(v, true) }
  }
}
