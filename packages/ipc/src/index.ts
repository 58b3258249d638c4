/**
 * @packageDocumentation
 * Arrow IPC for JavaScript. This first layer reads and writes the flatbuffers metadata of Arrow IPC:
 * encapsulated messages (Schema, RecordBatch, DictionaryBatch) and the file footer, as plain objects over
 * the `@lightstream/core` data model (Schema, Field, DataType). Readers bounds-check every offset before
 * use and raise `IpcFormatError` / `UnsupportedFeatureError` on bad or newer input; writers emit metadata
 * V5 by default. Stream and file framing, bodies and record batches come in the next layers.
 *
 * @example
 * ```ts
 * import { field, int32, schema, utf8 } from '@lightstream/core'
 * import { readMessage, writeSchemaMessage } from '@lightstream/ipc'
 *
 * const bytes = writeSchemaMessage(schema([field('id', int32(), false), field('name', utf8())]))
 * const { version, header } = readMessage(bytes)
 * if (header.type === 'schema') {
 *   console.log(version, header.schema.fields.map((f) => f.name)) // 4 (V5), ['id', 'name']
 * }
 * ```
 */
export * from './metadata/index'
export * from './json/index'
export * from './write/index'
export * from './read/index'
export { registerCodec, unregisterCodec, getCodec, CODECS_PACKAGE } from './compression/codec-registry'
