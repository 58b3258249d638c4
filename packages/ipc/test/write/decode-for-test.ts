/**
 * A small, independent IPC decoder for the writer tests: it walks the messages of a stream or file with
 * the metadata reader, rebuilds Data from each body with the shared buffer layout (bufferSlots /
 * childFields), applies dictionary deltas and replacements, and records everything a test wants to assert
 * (message order, absolute body offsets, buffer regions). It checks the writer's alignment promises as it
 * goes. Deliberately simple (copies where convenient): it is an oracle, not the package's reader.
 */
import { Data, RecordBatch, Type, dataFromArray, type Codec, type DataType, type Field, type Schema } from '@lightstream/core'
import { readFooter, readMessage, type Footer, type MessageMetadata, type RecordBatchHeader } from '@lightstream/ipc'

export interface DecodedMessage {
  readonly offset: number
  readonly metaDataLength: number
  readonly bodyStart: number
  readonly metadata: MessageMetadata
  readonly legacy: boolean
}

export interface Decoded {
  readonly schema: Schema
  readonly batches: RecordBatch[]
  readonly messages: DecodedMessage[]
  /** Present for the file format. */
  readonly footer?: Footer
  /** Bytes after the end-of-stream marker of the stream section (the file footer, or nothing). */
  readonly end: number
}

/**
 * The buffers of each type in body order, written out from the Columnar spec independently of the
 * package's own table so the oracle can catch a mistake in it.
 */
function bufferSlots(t: DataType, version: number): string[] {
  switch (t.typeId) {
    case Type.Null: case Type.RunEndEncoded: return []
    case Type.Binary: case Type.Utf8: case Type.LargeBinary: case Type.LargeUtf8: return ['validity', 'offsets', 'values']
    case Type.List: case Type.LargeList: case Type.Map: return ['validity', 'offsets']
    case Type.ListView: case Type.LargeListView: return ['validity', 'offsets', 'sizes']
    case Type.Struct: case Type.FixedSizeList: return ['validity']
    case Type.Union: {
      const own = t.mode === 1 ? ['typeIds', 'valueOffsets'] : ['typeIds']
      return version < 4 ? ['validity', ...own] : own
    }
    default: return ['validity', 'values']
  }
}

function childFields(t: DataType): readonly Field[] {
  switch (t.typeId) {
    case Type.List: case Type.LargeList: case Type.ListView: case Type.LargeListView: case Type.FixedSizeList: case Type.Map: return [t.child]
    case Type.Struct: case Type.Union: return t.children
    case Type.RunEndEncoded: return [t.runEnds, t.values]
    default: return []
  }
}

const hasVariadicBuffers = (t: DataType): boolean => t.typeId === Type.BinaryView || t.typeId === Type.Utf8View

const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength)

/** Decodes one encapsulated message at `offset`, or null at an end-of-stream marker. */
export function messageAt(bytes: Uint8Array, offset: number): DecodedMessage | null {
  const legacy = dv(bytes).getUint32(offset, true) !== 0xffffffff
  const prefix = legacy ? 4 : 8
  const length = dv(bytes).getInt32(offset + prefix - 4, true)
  if (length === 0) return null
  if (length % 8 !== (legacy ? 4 : 0)) throw new Error(`metadata length ${length} breaks 8-byte framing`)
  const metadata = readMessage(bytes.subarray(offset + prefix, offset + prefix + length))
  return { offset, metaDataLength: prefix + length, bodyStart: offset + prefix + length, metadata, legacy }
}

function decompress(buffer: Uint8Array, codec: Codec | undefined): Uint8Array {
  if (codec === undefined || buffer.byteLength === 0) return buffer
  const n = Number(dv(buffer).getBigInt64(0, true))
  if (n === -1) return buffer.slice(8)
  return codec.decode(buffer.subarray(8), n)
}

/** Rebuilds the Data of a record batch body (copying every buffer to an aligned place). */
function readBody(
  header: RecordBatchHeader,
  body: Uint8Array,
  types: readonly DataType[],
  version: number,
  dictionaries: Map<number, Data>,
  codec: Codec | undefined,
  alignment: number,
): Data[] {
  let node = 0
  let buffer = 0
  let variadic = 0
  const next = (): Uint8Array => {
    const region = header.buffers[buffer++]
    if (region === undefined) throw new Error('ran out of buffers')
    if (region.offset % alignment !== 0) throw new Error(`buffer at body offset ${region.offset} is not ${alignment}-aligned`)
    if (region.offset + region.length > body.byteLength) throw new Error('buffer outside the body')
    return decompress(body.slice(region.offset, region.offset + region.length), codec)
  }
  const read = (type: DataType): Data => {
    const n = header.nodes[node++]
    if (n === undefined) throw new Error('ran out of nodes')
    const init: Record<string, unknown> = { type, length: n.length, nullCount: n.nullCount }
    for (const slot of bufferSlots(type, version)) init[slot] = next()
    if (hasVariadicBuffers(type)) {
      const count = header.variadicBufferCounts[variadic++]!
      init.variadic = Array.from({ length: count }, next)
    }
    init.children = childFields(type).map((f) => read(f.type))
    if (type.typeId === Type.Dictionary) init.dictionary = dictionaries.get(type.id)
    return new Data(init as unknown as ConstructorParameters<typeof Data>[0])
  }
  const out = types.map(read)
  if (node !== header.nodes.length || buffer !== header.buffers.length) throw new Error('unused nodes or buffers')
  return out
}

function dictionaryTypes(schema: Schema): Map<number, DataType> {
  const out = new Map<number, DataType>()
  const visit = (t: DataType): void => {
    if (t.typeId === Type.Dictionary) {
      out.set(t.id, t.dictionary)
      visit(t.dictionary)
    } else childFields(t).forEach((f) => visit(f.type))
  }
  schema.fields.forEach((f) => visit(f.type))
  return out
}

/** All values of a Data, through its getter. */
function valuesOf(d: Data): unknown[] {
  return Array.from({ length: d.length }, (_, i) => d.get(i))
}

/**
 * Decodes the stream section starting at `start`; `alignment` is checked for every body (absolute) and
 * buffer (relative to the body).
 */
export function decodeStream(bytes: Uint8Array, options: { alignment?: number; codecs?: Codec[]; start?: number } = {}): Decoded {
  const alignment = options.alignment ?? 64
  const messages: DecodedMessage[] = []
  const batches: RecordBatch[] = []
  const dictionaries = new Map<number, Data>()
  let schema: Schema | undefined
  let types = new Map<number, DataType>()
  let offset = options.start ?? 0
  for (;;) {
    if (offset % 8 !== 0) throw new Error(`message at ${offset} is not 8-aligned`)
    const m = messageAt(bytes, offset)
    if (m === null) {
      offset += dv(bytes).getUint32(offset, true) === 0xffffffff ? 8 : 4
      break
    }
    messages.push(m)
    const h = m.metadata.header
    const body = bytes.subarray(m.bodyStart, m.bodyStart + m.metadata.bodyLength)
    if (m.metadata.bodyLength > 0 && m.bodyStart % alignment !== 0) throw new Error(`body at ${m.bodyStart} is not ${alignment}-aligned`)
    if (m.metadata.bodyLength % 8 !== 0) throw new Error('body length is not a multiple of 8')
    if (h.type === 'schema') {
      schema = h.schema
      types = dictionaryTypes(schema)
    } else {
      if (schema === undefined) throw new Error('batch before schema')
      const data = h.type === 'recordBatch' ? h : h.data
      const codec = data.compression === undefined ? undefined : options.codecs?.find((c) => c.name === data.compression!.codec)
      if (data.compression !== undefined && codec === undefined) throw new Error('no codec')
      if (h.type === 'recordBatch') {
        const columns = readBody(h, body, schema.fields.map((f) => f.type), m.metadata.version, dictionaries, codec, alignment)
        batches.push(new RecordBatch(schema, columns, h.length))
      } else {
        const type = types.get(h.id)
        if (type === undefined) throw new Error(`unknown dictionary id ${h.id}`)
        const [values] = readBody(h.data, body, [type], m.metadata.version, dictionaries, codec, alignment)
        const old = dictionaries.get(h.id)
        if (h.isDelta && old === undefined) throw new Error('delta before any dictionary')
        dictionaries.set(h.id, h.isDelta ? dataFromArray([...valuesOf(old!), ...valuesOf(values!)], type) : values!)
      }
    }
    offset = m.bodyStart + m.metadata.bodyLength
  }
  if (schema === undefined) throw new Error('no schema')
  return { schema, batches, messages, end: offset }
}

/** Decodes an IPC file: checks the magic, reads the footer, decodes the stream section, checks the blocks. */
export function decodeFile(bytes: Uint8Array, options: { alignment?: number; codecs?: Codec[] } = {}): Decoded {
  const magic = new TextDecoder().decode(bytes.subarray(0, 6))
  if (magic !== 'ARROW1' || new TextDecoder().decode(bytes.subarray(bytes.length - 6)) !== 'ARROW1') throw new Error('no magic')
  if (bytes[6] !== 0 || bytes[7] !== 0) throw new Error('header padding is not zero')
  const footerLength = dv(bytes).getInt32(bytes.length - 10, true)
  const footer = readFooter(bytes.subarray(bytes.length - 10 - footerLength, bytes.length - 10))
  const decoded = decodeStream(bytes, { ...options, start: 8 })
  const footerStart = bytes.length - 10 - footerLength
  // The footer follows the end-of-stream marker, after zero padding to 8 at most.
  if (decoded.end > footerStart || footerStart - decoded.end >= 8 || footerStart % 8 !== 0) throw new Error('the footer does not follow the end-of-stream marker')
  if (!bytes.subarray(decoded.end, footerStart).every((b) => b === 0)) throw new Error('non-zero bytes before the footer')
  return { ...decoded, footer }
}

/** Rows of the batches as plain objects (through the core getters). */
export function rowsOf(batches: readonly RecordBatch[], options = {}): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const b of batches) {
    for (let r = 0; r < b.numRows; r++) {
      const row: Record<string, unknown> = {}
      b.schema.fields.forEach((f, k) => {
        row[f.name] = b.columns[k]!.get(r, options)
      })
      out.push(row)
    }
  }
  return out
}

/** Byte equality without vitest's slow element-by-element deep diff of large typed arrays. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}
