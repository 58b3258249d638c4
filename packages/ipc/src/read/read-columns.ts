import { Data, DateUnit, IpcFormatError, Precision, Type, type DataType, type Field, type MetadataVersion, type TypedArray } from '@lightstream/core'
import { bufferSlots, childFields, hasVariadicBuffers } from '../format/buffer-layout'
import type { RecordBatchHeader } from '../metadata/message-metadata'
import { alignedView, type ViewClass } from './aligned-view'
import { BodyCursor } from './body-cursor'
import { swapLayout, swapToLittleEndian } from './byte-swap'
import { checkBufferSizes } from './check-buffer-sizes'
import type { ResolvedReadOptions } from './read-options'

/** What building the arrays of one batch needs besides the header and body. @internal */
export interface ColumnContext {
  readonly options: ResolvedReadOptions
  /** The message's metadata version (V4 unions carry a validity buffer that is skipped). */
  readonly version: MetadataVersion
  /** The schema declared Endianness.Big: fixed-width buffers are byte-swapped into new memory. */
  readonly bigEndian: boolean
  /** The dictionary in force for an id, or undefined. */
  readonly dictionary: (id: number) => Data | undefined
  /** Names the message in errors, e.g. `'record batch 3'`. */
  readonly what: string
}

const INT_CLASSES: Record<number, readonly [ViewClass, ViewClass]> = {
  8: [Uint8Array, Int8Array],
  16: [Uint16Array, Int16Array],
  32: [Uint32Array, Int32Array],
  64: [BigUint64Array, BigInt64Array],
}

/** The class core's Data keeps a type's values in (so its constructor never re-views or copies them). */
function valuesView(type: DataType): ViewClass {
  switch (type.typeId) {
    case Type.Int: return INT_CLASSES[type.bitWidth]![type.signed ? 1 : 0]
    case Type.Float: return type.precision === Precision.HALF ? Uint16Array : type.precision === Precision.SINGLE ? Float32Array : Float64Array
    case Type.Date: return type.unit === DateUnit.DAY ? Int32Array : BigInt64Array
    case Type.Time: return type.bitWidth === 32 ? Int32Array : BigInt64Array
    case Type.Timestamp:
    case Type.Duration: return BigInt64Array
    case Type.Interval: return Int32Array
    case Type.Dictionary: return valuesView(type.indices)
    // Bool, FixedSizeBinary, binary data, view structs and decimals (read through a DataView) stay bytes.
    default: return Uint8Array
  }
}

function isLarge(type: DataType): boolean {
  return type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeList || type.typeId === Type.LargeListView
}

interface Buffers {
  validity?: Uint8Array
  values?: TypedArray
  offsets?: TypedArray
  sizes?: TypedArray
  typeIds?: TypedArray
  valueOffsets?: TypedArray
}

function readData(field: Field, cursor: BodyCursor, ctx: ColumnContext, path: string): Data {
  const type = field.type
  const node = cursor.node()
  const { allocator, stats } = ctx.options
  const buffers: Buffers = {}
  for (const slot of bufferSlots(type, ctx.version)) {
    // A bitmap of a null-free array (and the V4 union bitmap) is never looked at: not even decompressed.
    if (slot === 'validity' && (node.nullCount === 0 || type.typeId === Type.Union)) {
      cursor.skip()
      continue
    }
    let bytes = cursor.buffer()
    if (ctx.bigEndian) {
      const layout = swapLayout(type, slot)
      if (layout !== 1 && bytes.length > 0) {
        bytes = swapToLittleEndian(bytes, layout, allocator)
        stats.copies++
        stats.copiedBytes += bytes.length
      }
    }
    if (slot === 'validity') buffers.validity = bytes
    else if (slot === 'typeIds') buffers.typeIds = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    else if (slot === 'valueOffsets') buffers.valueOffsets = alignedView(bytes, Int32Array, allocator, stats)
    else if (slot === 'values') buffers.values = alignedView(bytes, valuesView(type), allocator, stats)
    else buffers[slot] = alignedView(bytes, isLarge(type) ? BigInt64Array : Int32Array, allocator, stats)
  }
  if (node.nullCount > 0 && buffers.validity === undefined && type.typeId !== Type.Null && type.typeId !== Type.Union && type.typeId !== Type.RunEndEncoded) {
    throw new IpcFormatError(`Invalid IPC body: ${path}: the node has ${node.nullCount} nulls but no validity buffer slot`)
  }
  if (node.nullCount > 0 && buffers.validity !== undefined && buffers.validity.length === 0) {
    throw new IpcFormatError(`Invalid IPC body: ${path}: the node has ${node.nullCount} nulls and an empty validity buffer`)
  }
  let variadic: Uint8Array[] | undefined
  if (hasVariadicBuffers(type)) {
    const count = cursor.variadicCount()
    variadic = []
    for (let k = 0; k < count; k++) variadic.push(cursor.buffer())
  }
  const children = childFields(type).map((child, k) => readData(child, cursor, ctx, `${path}.${child.name === '' ? `[${k}]` : child.name}`))
  let dictionary: Data | undefined
  if (type.typeId === Type.Dictionary) {
    dictionary = ctx.dictionary(type.id)
    if (dictionary === undefined) {
      throw new IpcFormatError(`Invalid IPC ${ctx.what}: ${path} uses dictionary id ${type.id} before any DictionaryBatch defined it`)
    }
  }
  const data = new Data({
    type, length: node.length, nullCount: node.nullCount,
    validity: buffers.validity ?? null, values: buffers.values ?? null, offsets: buffers.offsets ?? null, sizes: buffers.sizes ?? null,
    typeIds: buffers.typeIds ?? null, valueOffsets: buffers.valueOffsets ?? null,
    ...(variadic === undefined ? {} : { variadic }),
    children, dictionary: dictionary ?? null,
  })
  checkBufferSizes(data, path)
  return data
}

/**
 * Build the arrays of a RecordBatch (or of a DictionaryBatch's single column) from its header and body:
 * fields depth first, each taking its node, its buffers in `bufferSlots` order, its variadic buffers and its
 * children's. Every buffer is a view of `body` (zero copy) unless it is misaligned for its typed array,
 * byte-swapped from a big-endian source or compressed; those cases are counted in `options.stats`.
 * Dictionary-encoded arrays get the dictionary in force from `ctx.dictionary`.
 *
 * O(fields + buffers), plus decompression and copies where they apply; no per-row work.
 * @throws IpcFormatError for too few nodes, buffers or variadic counts, a buffer outside the body, a buffer
 * shorter than its node needs, a top-level length that differs from the batch's, a missing dictionary.
 * @throws FrameTooLargeError past maxDecompressedBytes; MissingDependencyError for an absent codec.
 * @internal
 */
export function readColumns(fields: readonly Field[], header: RecordBatchHeader, body: Uint8Array, ctx: ColumnContext): Data[] {
  const cursor = new BodyCursor(body, header, ctx.options, ctx.what)
  const columns: Data[] = []
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    const data = readData(f, cursor, ctx, f.name === '' ? `[${i}]` : f.name)
    if (data.length !== header.length) {
      throw new IpcFormatError(`Invalid IPC ${ctx.what}: column ${i} has ${data.length} slots, the batch has ${header.length} rows`)
    }
    columns.push(data)
  }
  return columns
}
