import { Data, IpcFormatError, Type, UnionMode, type Allocator, type DataType } from '@lightstream/core'
import { allocUnsafe } from '@lightstream/core-buffer'

/**
 * Concatenation of array chunks of one type into a single new chunk, for delta dictionaries: every part's
 * slots (its own `offset` and `length` respected) are copied once into fresh allocator memory. Children are
 * concatenated recursively; variadic data buffers of views are shared, not copied. O(total slots + bytes).
 */

/** Allocates through the allocator and counts the bytes. */
class Out {
  bytes = 0
  constructor(readonly allocator: Allocator) {}
  alloc(n: number): Uint8Array {
    this.bytes += n
    return allocUnsafe(this.allocator, n)
  }
  zeroed(n: number): Uint8Array {
    this.bytes += n
    return this.allocator.alloc(n)
  }
}

type Offsets = Int32Array | BigInt64Array

function bytesOf(view: ArrayBufferView | undefined): Uint8Array {
  return view === undefined ? new Uint8Array(0) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

function bitAt(bits: Uint8Array, i: number): number {
  return (bits[i >> 3]! >> (i & 7)) & 1
}

/** Joined bitmap of `length` bits; parts without a bitmap are all set. */
function joinBits(parts: readonly Data[], pick: (d: Data) => Uint8Array | undefined, out: Out, length: number): Uint8Array {
  const bits = out.zeroed(Math.ceil(length / 8))
  let at = 0
  for (const p of parts) {
    const src = pick(p)
    for (let i = 0; i < p.length; i++, at++) if (src === undefined || bitAt(src, p.offset + i) === 1) bits[at >> 3]! |= 1 << (at & 7)
  }
  return bits
}

/** Joined fixed-width bytes, `width` bytes per slot. */
function joinFixed(parts: readonly Data[], width: number, pick: (d: Data) => ArrayBufferView | undefined, out: Out): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length * width, 0)
  const dst = out.alloc(total)
  let at = 0
  for (const p of parts) {
    const n = p.length * width
    dst.set(bytesOf(pick(p)).subarray(p.offset * width, p.offset * width + n), at)
    at += n
  }
  return dst
}

function readOffset(o: Offsets | undefined, k: number): number {
  const v = o?.[k]
  if (v === undefined) throw new IpcFormatError(`Invalid IPC dictionary: offset ${k} is missing`)
  return typeof v === 'bigint' ? Number(v) : v
}

/** A fresh offsets array of the same class as the parts' (BigInt64Array for the Large types). */
function newOffsets(large: boolean, count: number, out: Out): { set(k: number, v: number): void; array: Offsets } {
  const bytes = out.alloc(count * (large ? 8 : 4))
  if (large) {
    const array = new BigInt64Array(bytes.buffer, bytes.byteOffset, count)
    return { array, set: (k, v) => { array[k] = BigInt(v) } }
  }
  const array = new Int32Array(bytes.buffer, bytes.byteOffset, count)
  return {
    array,
    set: (k, v) => {
      if (v > 0x7fffffff) throw new IpcFormatError('Invalid IPC dictionary: a delta makes 32-bit offsets overflow')
      array[k] = v
    },
  }
}

function isLarge(type: DataType): boolean {
  return type.typeId === Type.LargeBinary || type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeList || type.typeId === Type.LargeListView
}

/** Bytes per slot of the fixed-width layouts; 0 otherwise. */
function fixedWidth(type: DataType): number {
  switch (type.typeId) {
    case Type.Int: return type.bitWidth / 8
    case Type.Float: return type.precision === 0 ? 2 : type.precision === 1 ? 4 : 8
    case Type.Decimal: return type.bitWidth / 8
    case Type.Date: return type.unit === 0 ? 4 : 8
    case Type.Time: return type.bitWidth / 8
    case Type.Timestamp:
    case Type.Duration: return 8
    case Type.Interval: return type.unit === 0 ? 4 : type.unit === 1 ? 8 : 16
    case Type.FixedSizeBinary: return type.byteWidth
    case Type.Dictionary: return type.indices.bitWidth / 8
    default: return 0
  }
}

/** Offsets-based layouts (binary, lists): offsets rebased, the referenced ranges of data / child joined. */
function joinVariable(type: DataType, parts: readonly Data[], length: number, out: Out): { offsets: Offsets; ranges: [Data, number, number][] } {
  const offsets = newOffsets(isLarge(type), length + 1, out)
  const ranges: [Data, number, number][] = []
  let at = 0
  let acc = 0
  offsets.set(0, 0)
  for (const p of parts) {
    const base = p.length === 0 ? 0 : readOffset(p.offsets, p.offset)
    for (let k = 1; k <= p.length; k++) offsets.set(at + k, readOffset(p.offsets, p.offset + k) - base + acc)
    const end = p.length === 0 ? 0 : readOffset(p.offsets, p.offset + p.length)
    if (end < base) throw new IpcFormatError('Invalid IPC dictionary: decreasing offsets')
    ranges.push([p, base, end - base])
    acc += end - base
    at += p.length
  }
  return { offsets: offsets.array, ranges }
}

function joinViews(parts: readonly Data[], out: Out): { values: Uint8Array; variadic: Uint8Array[] } {
  const values = joinFixed(parts, 16, (d) => d.values, out)
  const dv = new DataView(values.buffer, values.byteOffset, values.byteLength)
  const variadic: Uint8Array[] = []
  let at = 0
  for (const p of parts) {
    const shift = variadic.length
    if (shift > 0) {
      for (let k = 0; k < p.length; k++) {
        const pos = (at + k) * 16
        if (dv.getInt32(pos, true) > 12) dv.setInt32(pos + 8, dv.getInt32(pos + 8, true) + shift, true)
      }
    }
    variadic.push(...p.variadic)
    at += p.length
  }
  return { values, variadic }
}

function joinRunEnds(type: Extract<DataType, { typeId: typeof Type.RunEndEncoded }>, parts: readonly Data[], out: Out): Data[] {
  const endsType = type.runEnds.type
  const width = endsType.typeId === Type.Int ? endsType.bitWidth / 8 : 4
  const ends: number[] = []
  const valueParts: Data[] = []
  let acc = 0
  for (const p of parts) {
    if (p.length === 0) continue
    const runEnds = p.children[0]
    const values = p.children[1]
    if (runEnds === undefined || values === undefined) throw new IpcFormatError('Invalid IPC dictionary: a run-end encoded array lacks its children')
    const read = (r: number): number => Number(runEnds.values?.[runEnds.offset + r] ?? Number.NaN)
    const s = p.offset
    const e = s + p.length
    let r = 0
    while (r < runEnds.length && !(read(r) > s)) r++
    const first = r
    for (; r < runEnds.length; r++) {
      const end = read(r)
      ends.push(Math.min(end, e) - s + acc)
      if (end >= e) break
    }
    if (r >= runEnds.length) throw new IpcFormatError('Invalid IPC dictionary: run ends stop before the array length')
    valueParts.push(values.slice(first, r - first + 1))
    acc += p.length
  }
  const max = width === 2 ? 0x7fff : width === 4 ? 0x7fffffff : Number.MAX_SAFE_INTEGER
  if (acc > max) throw new IpcFormatError(`Invalid IPC dictionary: a delta makes ${width * 8}-bit run ends overflow`)
  const bytes = out.alloc(ends.length * width)
  const array = width === 2 ? new Int16Array(bytes.buffer, bytes.byteOffset, ends.length)
    : width === 4 ? new Int32Array(bytes.buffer, bytes.byteOffset, ends.length)
      : new BigInt64Array(bytes.buffer, bytes.byteOffset, ends.length)
  ends.forEach((v, k) => { if (array instanceof BigInt64Array) array[k] = BigInt(v); else array[k] = v })
  return [
    new Data({ type: endsType, length: ends.length, nullCount: 0, values: array }),
    concatData(valueParts.length > 0 ? valueParts : [parts[0]!.children[1]!.slice(0, 0)], out.allocator, out),
  ]
}

/**
 * One chunk holding the slots of every part in order (all of type `parts[0].type`), in new memory.
 * @param counter receives the number of bytes allocated (added to `counter.bytes`).
 * @throws IpcFormatError when a part's offsets or run ends are inconsistent or a delta overflows 32-bit offsets.
 * @internal
 */
export function concatData(parts: readonly Data[], allocator: Allocator, counter: { bytes: number }): Data {
  const out = counter instanceof Out ? counter : new Out(allocator)
  const first = parts[0]
  if (first === undefined) throw new IpcFormatError('Invalid IPC dictionary: nothing to concatenate')
  const type = first.type
  const length = parts.reduce((n, p) => n + p.length, 0)
  const nullCount = parts.reduce((n, p) => n + p.nullCount, 0)
  const hasBitmap = type.typeId !== Type.Null && type.typeId !== Type.Union && type.typeId !== Type.RunEndEncoded
  const validity = hasBitmap && nullCount > 0 ? joinBits(parts, (d) => (d.nullCount === 0 ? undefined : d.validity), out, length) : null
  const base = { type, length, nullCount, validity }
  const sliceEach = (k: number, scale = 1): Data =>
    concatData(parts.map((p) => p.children[k]!.slice(p.offset * scale, p.length * scale)), allocator, out)
  let result: Data
  switch (type.typeId) {
    case Type.Null: result = new Data({ type, length }); break
    case Type.Bool: result = new Data({ ...base, values: joinBits(parts, (d) => d.values as Uint8Array, out, length) }); break
    case Type.Binary: case Type.Utf8: case Type.LargeBinary: case Type.LargeUtf8: {
      const { offsets, ranges } = joinVariable(type, parts, length, out)
      const values = joinFixed(ranges.map(([p, s, n]) => new Data({ type: { typeId: Type.Int, bitWidth: 8, signed: false }, length: n, offset: s, values: bytesOf(p.values) })), 1, (d) => d.values, out)
      result = new Data({ ...base, offsets, values })
      break
    }
    case Type.List: case Type.LargeList: case Type.Map: {
      const { offsets, ranges } = joinVariable(type, parts, length, out)
      result = new Data({ ...base, offsets, children: [concatData(ranges.map(([p, s, n]) => p.children[0]!.slice(s, n)), allocator, out)] })
      break
    }
    case Type.ListView: case Type.LargeListView: {
      const offsets = newOffsets(isLarge(type), length, out)
      const sizes = newOffsets(isLarge(type), length, out)
      let at = 0
      let acc = 0
      for (const p of parts) {
        for (let k = 0; k < p.length; k++) {
          offsets.set(at + k, readOffset(p.offsets, p.offset + k) + acc)
          sizes.set(at + k, readOffset(p.sizes, p.offset + k))
        }
        acc += p.children[0]!.length
        at += p.length
      }
      result = new Data({ ...base, offsets: offsets.array, sizes: sizes.array, children: [concatData(parts.map((p) => p.children[0]!), allocator, out)] })
      break
    }
    case Type.FixedSizeList: result = new Data({ ...base, children: [sliceEach(0, type.listSize)] }); break
    case Type.Struct: result = new Data({ ...base, children: type.children.map((_, k) => sliceEach(k)) }); break
    case Type.Union: {
      const typeIds = joinFixed(parts, 1, (d) => d.typeIds, out)
      if (type.mode === UnionMode.Sparse) {
        result = new Data({ ...base, typeIds, children: type.children.map((_, k) => sliceEach(k)) })
        break
      }
      const offsets = newOffsets(false, length, out)
      const acc = type.children.map(() => 0)
      let at = 0
      for (const p of parts) {
        for (let k = 0; k < p.length; k++) {
          const child = type.typeIds.indexOf(p.typeIds![p.offset + k]!)
          offsets.set(at + k, readOffset(p.valueOffsets, p.offset + k) + (acc[child] ?? 0))
        }
        p.children.forEach((c, k) => { acc[k] = (acc[k] ?? 0) + c.length })
        at += p.length
      }
      result = new Data({ ...base, typeIds, valueOffsets: offsets.array, children: type.children.map((_, k) => concatData(parts.map((p) => p.children[k]!), allocator, out)) })
      break
    }
    case Type.RunEndEncoded: result = new Data({ type, length, children: joinRunEnds(type, parts, out) }); break
    case Type.BinaryView: case Type.Utf8View: result = new Data({ ...base, ...joinViews(parts, out) }); break
    default: {
      const width = fixedWidth(type)
      const values = joinFixed(parts, width, (d) => d.values, out)
      result = new Data({ ...base, values, dictionary: type.typeId === Type.Dictionary ? parts[parts.length - 1]!.dictionary ?? null : null })
    }
  }
  if (counter !== out) counter.bytes += out.bytes
  return result
}
