import { IpcFormatError, UnsupportedFeatureError } from '@lightstream/core'

/** One strict decoder for every reader (constructing one per message was measurable). */
const UTF8 = new TextDecoder('utf-8', { fatal: true })
/** Strings up to this many bytes are tried as ASCII first. */
const SHORT_STRING = 64

/** A located, verified flatbuffer table: its position, its vtable and both sizes, all inside the buffer. */
export interface FbTable {
  readonly pos: number
  readonly vtable: number
  readonly vtableSize: number
  readonly tableSize: number
}

/** A located, verified vector: `start` is the first element, and `length * elemSize` bytes fit in the buffer. */
export interface FbVector {
  readonly start: number
  readonly length: number
}

const TWO_POW_32 = 4294967296

/** A DataView over exactly the bytes of `bytes`, as {@link FlatbufferReader} takes it. @internal */
export function viewOfBytes(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * A bounds-checked accessor layer over the `flatbuffers` runtime's ByteBuffer, which checks nothing itself.
 * Every offset, vtable, vector and string is verified to lie inside the buffer BEFORE it is read, and a
 * work budget (proportional to the buffer size) bounds what a malicious buffer can make us materialise:
 * shared tables or strings referenced many times (a DAG) cannot blow up into unbounded work or memory.
 * Every failure is an {@link IpcFormatError} naming what was being read.
 *
 * @internal
 */
export class FlatbufferReader {
  /**
   * The bytes the flatbuffer lies in, and where: positions handed to and returned by this reader count from
   * `base`, and the flatbuffer is `size` bytes long. A message inside a whole stream is read in place through
   * a DataView over all of `bytes`, which a caller reading many messages from one buffer makes once and
   * passes in (making one per message was a twentieth of a small table's decode). Assembling integers from
   * bytes instead of a DataView was measured: a RecordBatch message with 19 nodes and buffers decoded about a
   * third slower.
   */
  readonly bytes: Uint8Array
  readonly base: number
  readonly size: number
  /** Over all of `bytes`: position `pos` of the flatbuffer is `#view` byte `base + pos`. */
  readonly #view: DataView
  /**
   * Where the caller is (e.g. `schema.fields[2].children[0]`), set at field or table granularity and
   * quoted in errors; accessors take static labels so that no message string is built unless one is thrown.
   */
  where = ''
  private budget: number

  /**
   * The flatbuffer at `[base, end)` of `bytes` (default: all of them); the caller checks the range. `view`,
   * when given, must be a DataView over exactly `bytes` (see {@link viewOfBytes}).
   */
  constructor(bytes: Uint8Array, base = 0, end = bytes.length, view: DataView = viewOfBytes(bytes)) {
    this.bytes = bytes
    this.base = base
    this.size = end - base
    this.#view = view
    // A well-formed buffer materialises at most `size` bytes of tables, vectors and strings (each byte once);
    // the slack tolerates writers that share strings or vtables.
    this.budget = 4 * this.size + 4096
  }

  private i32(pos: number): number {
    return this.#view.getInt32(this.base + pos, true)
  }

  private u32(pos: number): number {
    return this.#view.getUint32(this.base + pos, true)
  }

  private u16(pos: number): number {
    return this.#view.getUint16(this.base + pos, true)
  }

  fail(message: string): never {
    throw new IpcFormatError(`Invalid IPC metadata flatbuffer${this.where ? ` (in ${this.where})` : ''}: ${message}`)
  }

  private label(what: string, index: number): string {
    return index < 0 ? what : `${what}[${index}]`
  }

  private charge(amount: number, what: string): void {
    this.budget -= amount
    if (this.budget < 0) this.fail(`${what} references more data than the buffer holds (shared or cyclic offsets)`)
  }

  private check(pos: number, width: number, what: string, part = ''): void {
    if (!(pos >= 0 && pos + width <= this.size)) this.fail(`${what}${part} at byte ${pos} (+${width}) is outside the ${this.size}-byte buffer`)
  }

  /** Follows the uoffset stored at `pos` (checked) and returns the absolute target. */
  indirect(pos: number, what: string): number {
    this.check(pos, 4, what)
    const target = pos + this.u32(pos)
    if (target >= this.size) this.fail(`${what} points to byte ${target}, outside the ${this.size}-byte buffer`)
    return target
  }

  /** The root table of the buffer. */
  root(what: string): FbTable {
    return this.table(this.indirect(0, `${what} root offset`), what)
  }

  /** Verifies the table at `pos`: its soffset, vtable header and both extents. */
  table(pos: number, what: string): FbTable {
    this.check(pos, 4, what)
    this.charge(4, what)
    const vtable = pos - this.i32(pos)
    this.check(vtable, 4, what, ' vtable')
    const vtableSize = this.u16(vtable)
    const tableSize = this.u16(vtable + 2)
    if (vtableSize < 4 || (vtableSize & 1) !== 0) this.fail(`${what} vtable declares an impossible size ${vtableSize}`)
    this.check(vtable, vtableSize, what, ' vtable')
    if (tableSize < 4) this.fail(`${what} declares an impossible inline size ${tableSize}`)
    this.check(pos, tableSize, what)
    return { pos, vtable, vtableSize, tableSize }
  }

  /** Absolute position of field `slot` if present (its `width` bytes checked to lie inside the table), else 0. */
  field(t: FbTable, slot: number, width: number, what: string): number {
    const entry = 4 + 2 * slot
    if (entry + 2 > t.vtableSize) return 0
    const rel = this.u16(t.vtable + entry)
    if (rel === 0) return 0
    if (rel + width > t.tableSize) this.fail(`${what} lies outside its table`)
    return t.pos + rel
  }

  bool(t: FbTable, slot: number, fallback: boolean, what: string): boolean {
    const p = this.field(t, slot, 1, what)
    return p === 0 ? fallback : this.bytes[this.base + p]! !== 0
  }

  uint8(t: FbTable, slot: number, fallback: number, what: string): number {
    const p = this.field(t, slot, 1, what)
    return p === 0 ? fallback : this.bytes[this.base + p]!
  }

  int16(t: FbTable, slot: number, fallback: number, what: string): number {
    const p = this.field(t, slot, 2, what)
    return p === 0 ? fallback : (this.u16(p) << 16) >> 16
  }

  int32(t: FbTable, slot: number, fallback: number, what: string): number {
    const p = this.field(t, slot, 4, what)
    return p === 0 ? fallback : this.i32(p)
  }

  /** An int64 field as a number, or {@link UnsupportedFeatureError} when it is beyond ±(2^53 - 1). */
  int64(t: FbTable, slot: number, fallback: number, what: string): number {
    const p = this.field(t, slot, 8, what)
    return p === 0 ? fallback : this.int64At(p, what)
  }

  /**
   * The int64 at `pos` (already range-checked by the caller's vector or field check); `index` names a vector
   * element. Small enough to be inlined into the loops over nodes and buffers: values beyond 32 bits (rare
   * for lengths, counts and offsets) take {@link wideInt64}.
   */
  int64At(pos: number, what: string, index = -1): number {
    const high = this.i32(pos + 4)
    return high === 0 ? this.u32(pos) : this.wideInt64(high, this.u32(pos), what, index)
  }

  /** The int64 `high * 2^32 + low`, or {@link UnsupportedFeatureError} when it is beyond ±(2^53 - 1). */
  private wideInt64(high: number, low: number, what: string, index: number): number {
    const value = high * TWO_POW_32 + low
    if (!Number.isSafeInteger(value)) {
      const where = this.where ? ` (in ${this.where})` : ''
      const exact = (BigInt(high) << 32n) + BigInt(low)
      throw new UnsupportedFeatureError(`${this.label(what, index)}${where} is ${exact}, beyond the ±2^53 range this reader supports`)
    }
    return value
  }

  /** Like {@link int64At}, and a negative value is an {@link IpcFormatError}. */
  countAt(pos: number, what: string, index = -1): number {
    const value = this.int64At(pos, what, index)
    if (value < 0) this.fail(`${this.label(what, index)} is negative (${value})`)
    return value
  }

  int32At(pos: number): number {
    return this.i32(pos)
  }

  /** The sub-table referenced from field `slot`, verified, or null when absent. */
  tableField(t: FbTable, slot: number, what: string): FbTable | null {
    const p = this.field(t, slot, 4, what)
    return p === 0 ? null : this.table(this.indirect(p, what), what)
  }

  /** The vector referenced from field `slot`, or null when absent; its whole extent is checked and charged. */
  vector(t: FbTable, slot: number, elemSize: number, what: string): FbVector | null {
    const p = this.field(t, slot, 4, what)
    if (p === 0) return null
    const at = this.indirect(p, what)
    this.check(at, 4, what, ' length')
    const length = this.u32(at)
    const start = at + 4
    if (length > Math.floor((this.size - start) / elemSize)) {
      this.fail(`${what} declares ${length} elements of ${elemSize} bytes, more than the buffer holds`)
    }
    this.charge(length * elemSize, what)
    return { start, length }
  }

  /** Element `i` of a vector of tables. */
  tableAt(v: FbVector, i: number, what: string): FbTable {
    const slot = v.start + 4 * i
    const target = slot + this.u32(slot) // the slot itself lies inside the checked vector
    if (target >= this.size) this.fail(`${this.label(what, i)} points outside the buffer`)
    return this.table(target, what)
  }

  /** The string referenced from field `slot`, or null when absent. Must be valid UTF-8. */
  string(t: FbTable, slot: number, what: string): string | null {
    const p = this.field(t, slot, 4, what)
    if (p === 0) return null
    const at = this.indirect(p, what)
    this.check(at, 4, what, ' length')
    const length = this.u32(at)
    if (length > this.size - at - 4) this.fail(`${what} declares ${length} bytes, more than the buffer holds`)
    this.charge(length, what)
    const bytes = this.bytes
    const start = this.base + at + 4
    if (length <= SHORT_STRING) {
      // Field names and metadata keys are short and almost always ASCII: build them without TextDecoder,
      // whose per-call cost dominated schema reading.
      let text = ''
      let i = start
      const end = start + length
      for (; i < end; i++) {
        const byte = bytes[i]!
        if (byte >= 0x80) break
        text += String.fromCharCode(byte)
      }
      if (i === end) return text
    }
    let utf8 = bytes.subarray(start, start + length)
    // TextDecoder refuses views of shared memory (wasm arenas, SharedArrayBuffer): decode a private copy.
    if (!(utf8.buffer instanceof ArrayBuffer)) utf8 = utf8.slice()
    try {
      return UTF8.decode(utf8)
    } catch (cause) {
      const where = this.where ? ` (in ${this.where})` : ''
      throw new IpcFormatError(`Invalid IPC metadata flatbuffer${where}: ${what} is not valid UTF-8`, { cause })
    }
  }
}
