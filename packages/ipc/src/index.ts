/**
 * @packageDocumentation
 * Arrow IPC for JavaScript: the stream and file formats, read and write, for every Arrow type, with
 * dictionaries, body compression through codec plugins (`registerCodec`, or `codecs` in options), big-endian
 * input and the legacy framing. `tableFromIPC` returns views over its input (O(buffers)); `tableToIPC` pads
 * every buffer to 64 bytes (or 8); `tableToIPCParts` and the writers emit parts without concatenating.
 * Streaming readers take any ByteSource, writers any ByteSink with backpressure, and `IpcFileReader` reads
 * only the footer and the blocks asked for. The flatbuffers metadata layer, the integration JSON reader and
 * `compareTables` are exported as well.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { tableFromIPC, tableToIPC } from '@lightstream/ipc'
 *
 * const bytes = tableToIPC(tableFromArrays({ x: Float64Array.of(1.5, 2.5) }))
 * const table = tableFromIPC(bytes) // columns are views of `bytes`
 * console.log(table.getChild('x')!.toArray()) // Float64Array [1.5, 2.5]
 * ```
 */
export * from './metadata/index'
export * from './json/index'
export * from './write/index'
export * from './read/index'
export { registerCodec, unregisterCodec, getCodec, CODECS_PACKAGE } from './compression/codec-registry'
