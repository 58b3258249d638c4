/**
 * Hand-built flatbuffers for the hostile-input tests, straight on the `flatbuffers` Builder with the slot
 * numbers of Arrow's Schema.fbs / Message.fbs written out here (independently of the package's own
 * layout table), so the tests can express metadata our writers refuse to produce.
 */
import { Builder } from 'flatbuffers'

export const V5 = 4

/** Type union ids used below (Schema.fbs `union Type`). */
export const T = { NONE: 0, Null: 1, Int: 2, Utf8: 5, Decimal: 7, Time: 9, List: 12, Struct: 13, Union: 14, Map: 17, RunEndEncoded: 22 } as const

/** A table of `(slot, kind, value)` fields, all written explicitly; offsets must already be written. */
export function table(b: Builder, fields: [slot: number, kind: 'i8' | 'i16' | 'i32' | 'i64' | 'offset', value: number | bigint][]): number {
  const count = fields.reduce((n, [slot]) => Math.max(n, slot + 1), 0)
  b.forceDefaults(true) // write every listed field, whatever its value
  b.startObject(count)
  for (const [slot, kind, value] of fields) {
    if (kind === 'i8') b.addFieldInt8(slot, Number(value), 0)
    else if (kind === 'i16') b.addFieldInt16(slot, Number(value), 0)
    else if (kind === 'i32') b.addFieldInt32(slot, Number(value), 0)
    else if (kind === 'i64') b.addFieldInt64(slot, BigInt(value), 0n)
    else b.addFieldOffset(slot, Number(value), 0)
  }
  return b.endObject()
}

export function offsets(b: Builder, items: readonly number[]): number {
  b.startVector(4, items.length, 4)
  for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i]!)
  return b.endVector()
}

export interface FieldSpec {
  name?: string | Uint8Array
  nullable?: boolean
  typeType: number
  /** Writes the type table (defaults to an empty table). Return 0 to omit it. */
  type?: (b: Builder) => number
  children?: readonly number[]
  dictionary?: (b: Builder) => number
}

/** A `Field` table: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5, custom_metadata 6. */
export function fieldTable(b: Builder, spec: FieldSpec): number {
  const children = offsets(b, spec.children ?? [])
  const name = b.createString(spec.name ?? 'f')
  const type = spec.type ? spec.type(b) : table(b, [])
  const dictionary = spec.dictionary ? spec.dictionary(b) : 0
  const fields: Parameters<typeof table>[1] = [
    [0, 'offset', name], [1, 'i8', spec.nullable === false ? 0 : 1], [2, 'i8', spec.typeType], [5, 'offset', children],
  ]
  if (type !== 0) fields.push([3, 'offset', type])
  if (dictionary !== 0) fields.push([4, 'offset', dictionary])
  return table(b, fields)
}

/** A `Message` (version 0, header_type 1, header 2, bodyLength 3) around a header written by `header`. */
export function message(build: (b: Builder) => [headerType: number, header: number], opts: { version?: number; bodyLength?: number } = {}): Uint8Array {
  const b = new Builder(256)
  const [headerType, header] = build(b)
  const fields: Parameters<typeof table>[1] = [[0, 'i16', opts.version ?? V5], [1, 'i8', headerType], [3, 'i64', opts.bodyLength ?? 0]]
  if (header !== 0) fields.push([2, 'offset', header])
  b.finish(table(b, fields))
  return b.asUint8Array().slice()
}

/** A Schema message (`Schema`: endianness 0, fields 1) whose fields are written by `build`. */
export function schemaMessage(build: (b: Builder) => number[], opts: { version?: number } = {}): Uint8Array {
  return message((b) => {
    const fields = offsets(b, build(b))
    return [1, table(b, [[1, 'offset', fields]])]
  }, opts)
}

/** A Schema message with one field. */
export function oneField(spec: FieldSpec): Uint8Array {
  return schemaMessage((b) => [fieldTable(b, spec)])
}

/** An `Int` table (bitWidth 0, is_signed 1). */
export const intTable = (bitWidth: number, signed = true) => (b: Builder): number => table(b, [[0, 'i32', bitWidth], [1, 'i8', signed ? 1 : 0]])

/** A RecordBatch message (`RecordBatch`: length 0, nodes 1, buffers 2, compression 3) with raw int64 node pairs. */
export function recordBatchMessage(length: bigint, nodes: [bigint, bigint][], extra?: (b: Builder) => [number, 'offset', number][]): Uint8Array {
  return message((b) => {
    b.startVector(16, nodes.length, 8)
    for (let i = nodes.length - 1; i >= 0; i--) {
      b.prep(8, 16)
      b.writeInt64(nodes[i]![1])
      b.writeInt64(nodes[i]![0])
    }
    const nodesAt = b.endVector()
    const more = extra ? extra(b) : []
    return [3, table(b, [[0, 'i64', length], [1, 'offset', nodesAt], ...more])]
  })
}
