/**
 * The Arrow columnar data model: data types, fields and schemas as plain objects; {@link Data} chunks
 * of typed-array views over Arrow buffers; {@link RecordBatch}, {@link Table} and {@link Column} over them;
 * value access with conversion options; builders from JavaScript values; and {@link validate} for
 * untrusted data. Building any of these from existing buffers is O(number of buffers) and copies nothing.
 *
 * @example
 * ```ts
 * import { Data, int32, tableFromArrays, validate } from '@lightstream/core'
 *
 * const table = tableFromArrays({
 *   id: new Int32Array([1, 2, 3]), // zero-copy: the column's buffer is this array's memory
 *   name: ['ada', null, 'grace'], // inferred Utf8, copied into 64-byte aligned buffers
 *   tags: [['x'], [], ['y', 'z']], // inferred List<Utf8>
 * })
 * validate(table) // full structural check; throws InvalidDataError naming the column
 * console.log(table.numRows, table.getChild('name')?.get(2)) // 3 grace
 * console.log(table.getChild('id')?.toArray()) // Int32Array(3) [ 1, 2, 3 ], a view, no copy
 * console.log(table.toArray()[1]) // { id: 2, name: null, tags: [] }
 *
 * // Over existing buffers, as the IPC reader builds it: O(1), nothing copied or decoded.
 * const data = new Data({ type: int32(), length: 3, validity: Uint8Array.of(0b101), values: new Int32Array([10, 20, 30]) })
 * console.log(data.get(1), data.slice(2).get(0), data.nullCount) // null 30 1
 * ```
 */
export * from './type'
export type * from './data-type'
export * from './type-constructors'
export * from './nested-type-constructors'
export { typeEquals, fieldEquals } from './type-equals'
export { typeToString } from './type-to-string'
export { field, extensionName, EXTENSION_NAME_KEY, EXTENSION_METADATA_KEY } from './field'
export type { Field, MetadataInit } from './field'
export { schema } from './schema'
export type { Schema } from './schema'
export type { ValueOptions, DayTimeInterval, MonthDayNanoInterval } from './value-options'
export { Data, CHECKED_INIT } from './data'
export type { DataInit } from './data'
export type { ValueGetter } from './value-getter'
export type { TypedArray } from './buffer-views'
export { valuesClass } from './buffer-views'
export { float16ToNumber, numberToFloat16 } from './float16'
export { getBit, countNulls } from './bitmap'
export { registerExtensionType, unregisterExtensionType, getExtensionType } from './extension-registry'
export type { ExtensionType } from './extension-registry'
export { Column } from './column'
export { RecordBatch } from './record-batch'
export { Table } from './table'
export { columnFromArray, dataFromArray } from './column-from-array'
export { tableFromArrays } from './table-from-arrays'
export type { TableFromArraysOptions, ColumnInput } from './table-from-arrays'
export type { BuildOptions } from './builder-context'
export { inferType } from './infer-type'
export type { InferOptions } from './infer-type'
export { makeData } from './make-data'
export type { MakeDataInit } from './make-data'
export { parseDecimal, formatDecimal } from './decimal-text'
export { validate } from './validate'
export type { ValidateOptions } from './validate'
export { isValidUtf8 } from './utf8'
