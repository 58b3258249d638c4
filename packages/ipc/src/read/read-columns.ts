import { CHECKED_INIT, Data, IpcFormatError, MetadataVersion, Type, type TypedArray } from '@lightstream/core'
import type { FieldNode, RecordBatchHeader } from '../metadata/message-metadata'
import { alignedView } from './aligned-view'
import { BodyCursor } from './body-cursor'
import { swapLayout, swapToLittleEndian } from './byte-swap'
import { checkBitmapAndValues, checkBufferSizes, short } from './check-buffer-sizes'
import { Shape, type ReadPlan } from './read-plan'
import type { ResolvedReadOptions } from './read-options'

/**
 * What building the arrays of one batch needs besides the header and body. A reader keeps one per session
 * and re-aims it at each message (no object or closure per message); `what()` names the message in errors
 * and is only called when one is thrown.
 * @internal
 */
export interface ColumnContext {
  readonly options: ResolvedReadOptions
  /** The message's metadata version (V4 unions carry a validity buffer that is skipped). */
  readonly version: MetadataVersion
  /** The schema declared Endianness.Big: fixed-width buffers are byte-swapped into new memory. */
  readonly bigEndian: boolean
  /** The dictionary in force for an id, or undefined. */
  dictionary(id: number): Data | undefined
  /** Names the message in errors, e.g. `'record batch 3'`. */
  what(): string
}

/** No children: shared, never mutated (Data keeps the array it is given). */
const NO_CHILDREN: readonly Data[] = []

function emptyBitmap(path: string, nullCount: number): never {
  throw new IpcFormatError(`Invalid IPC body: ${path}: the node has ${nullCount} nulls and an empty validity buffer`)
}

/** The dictionary of a dictionary-encoded plan, or null for other plans. */
function dictionaryOf(plan: ReadPlan, ctx: ColumnContext, path: string): Data | null {
  if (plan.dictionaryId < 0) return null
  const dictionary = ctx.dictionary(plan.dictionaryId)
  if (dictionary === undefined) {
    throw new IpcFormatError(`Invalid IPC ${ctx.what()}: ${path} uses dictionary id ${plan.dictionaryId} before any DictionaryBatch defined it`)
  }
  return dictionary
}

/**
 * The short path for the flat layouts ({@link Shape}) of a little-endian body: the same views and the same
 * checks as the general path and `checkBufferSizes` (whose checks it shares), without the per-slot dispatch
 * (measured: about a tenth of decoding a small table, most of whose columns are flat).
 */
function readFlat(plan: ReadPlan, node: FieldNode, cursor: BodyCursor, ctx: ColumnContext, path: string): Data {
  const n = node.length
  const nullCount = node.nullCount
  let validity: Uint8Array | null = null
  if (nullCount === 0) {
    cursor.skip()
  } else {
    validity = cursor.buffer()
    if (validity.length === 0) emptyBitmap(path, nullCount)
  }
  let offsets: TypedArray | null = null
  let offsetCount = 0
  if (plan.shape === Shape.Binary) {
    offsets = cursor.typed(plan.offsetsView)
    offsetCount = cursor.viewLength
  }
  const Values = plan.valuesView
  const values = cursor.typed(Values)
  const valueBytes = cursor.viewLength * Values.BYTES_PER_ELEMENT
  if (n > 0) {
    // checkBufferSizes's checks for these layouts, on the counts at hand (reading `.length` or `.byteLength`
    // back from views of several classes cost about 4% of a small table's decode, measured).
    checkBitmapAndValues(path, n, validity === null ? -1 : validity.length, plan.bits, valueBytes)
    if (plan.shape === Shape.Binary && offsetCount < n + 1) short(path, 'offsets', offsetCount, n + 1, 'offsets')
  }
  // Checked here, so Data skips its own checks: the header parse checked the counts (nullCount <= length), the
  // validity is null exactly when there are no nulls, and the plan's view classes are the ones Data keeps.
  return new Data({
    type: plan.type, length: n, nullCount, validity, values, offsets, sizes: null, typeIds: null, valueOffsets: null,
    variadic: undefined, children: NO_CHILDREN, dictionary: dictionaryOf(plan, ctx, path),
  }, CHECKED_INIT)
}

function readData(plan: ReadPlan, cursor: BodyCursor, ctx: ColumnContext, path: string): Data {
  const node = cursor.node()
  if (plan.shape !== Shape.General && !ctx.bigEndian) return readFlat(plan, node, cursor, ctx, path)
  const type = plan.type
  const { allocator, stats } = ctx.options
  // Plain locals rather than one object filled slot by slot: the object took a different shape per type.
  let validity: Uint8Array | null = null
  let values: TypedArray | null = null
  let offsets: TypedArray | null = null
  let sizes: TypedArray | null = null
  let typeIds: TypedArray | null = null
  let valueOffsets: TypedArray | null = null
  const bigEndian = ctx.bigEndian
  const v4 = ctx.version < MetadataVersion.V5
  const slots = v4 ? plan.slotsV4 : plan.slots
  const views = v4 ? plan.viewsV4 : plan.views
  const isUnion = plan.typeId === Type.Union
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!
    // A bitmap of a null-free array (and the V4 union bitmap) is never looked at: not even decompressed.
    if (slot === 'validity' && (node.nullCount === 0 || isUnion)) {
      cursor.skip()
      continue
    }
    if (!bigEndian && slot !== 'validity' && slot !== 'typeIds') {
      // Little-endian typed buffers: viewed straight from the body.
      const typed = cursor.typed(views[i]!)
      if (slot === 'values') values = typed
      else if (slot === 'offsets') offsets = typed
      else if (slot === 'sizes') sizes = typed
      else valueOffsets = typed
      continue
    }
    let bytes = cursor.buffer()
    if (bigEndian) {
      const layout = swapLayout(type, slot)
      if (layout !== 1 && bytes.length > 0) {
        bytes = swapToLittleEndian(bytes, layout, allocator)
        stats.copies++
        stats.copiedBytes += bytes.length
      }
    }
    if (slot === 'validity') validity = bytes
    else if (slot === 'typeIds') typeIds = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    else {
      const typed = alignedView(bytes, views[i]!, allocator, stats)
      if (slot === 'values') values = typed
      else if (slot === 'offsets') offsets = typed
      else if (slot === 'sizes') sizes = typed
      else valueOffsets = typed
    }
  }
  if (node.nullCount > 0 && validity === null && !plan.noOwnValidity) {
    throw new IpcFormatError(`Invalid IPC body: ${path}: the node has ${node.nullCount} nulls but no validity buffer slot`)
  }
  if (node.nullCount > 0 && validity !== null && validity.length === 0) emptyBitmap(path, node.nullCount)
  let variadic: Uint8Array[] | undefined
  if (plan.variadic) {
    const count = cursor.variadicCount()
    variadic = []
    for (let k = 0; k < count; k++) variadic.push(cursor.buffer())
  }
  const childPlans = plan.childPlans
  let children = NO_CHILDREN
  if (childPlans.length > 0) {
    const read: Data[] = []
    for (let k = 0; k < childPlans.length; k++) read.push(readData(childPlans[k]!, cursor, ctx, `${path}.${plan.childNames[k]!}`))
    children = read
  }
  const dictionary = dictionaryOf(plan, ctx, path)
  const data = new Data({
    type, length: node.length, nullCount: node.nullCount, validity, values, offsets, sizes, typeIds, valueOffsets,
    variadic, children, dictionary,
  })
  checkBufferSizes(data, path, plan.bits)
  return data
}

/**
 * The arrays of one RecordBatch (or DictionaryBatch data) header, one per field plan, from its body: the bytes
 * `[start, start + size)` of `bytes`, read in place. O(fields + buffers). `held`, when given, is set to the
 * bytes of every buffer the arrays hold (what a dictionary's size limit counts).
 * @throws IpcFormatError for a header or body that does not match the fields.
 */
export function readColumns(
  plans: readonly ReadPlan[], header: RecordBatchHeader, bytes: Uint8Array, start: number, size: number, ctx: ColumnContext,
  held?: { bytes: number },
): Data[] {
  const cursor = new BodyCursor(bytes, start, size, header, ctx.options, ctx)
  const columns = new Array<Data>(plans.length)
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i]!
    const data = readData(plan, cursor, ctx, plan.name === '' ? `[${i}]` : plan.name)
    if (data.length !== header.length) {
      throw new IpcFormatError(`Invalid IPC ${ctx.what()}: column ${i} has ${data.length} slots, the batch has ${header.length} rows`)
    }
    columns[i] = data
  }
  if (held !== undefined) held.bytes = cursor.handedBytes
  return columns
}
