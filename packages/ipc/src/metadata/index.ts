/**
 * The metadata layer of Arrow IPC: reading and writing the flatbuffers of encapsulated messages (Schema,
 * RecordBatch, DictionaryBatch) and of the file footer, bounds-checked against hostile input.
 */
export { readMessage } from './read-message'
export { readFooter } from './read-footer'
export { clearSchemaCache } from './schema-cache'
export { writeSchemaMessage } from './write-schema'
export { writeRecordBatchMessage, writeDictionaryBatchMessage } from './write-record-batch'
export type { RecordBatchHeaderInit, DictionaryBatchHeaderInit } from './write-record-batch'
export { writeFooter } from './write-footer'
export type { FooterInit } from './write-footer'
export { MAX_FIELD_DEPTH } from './fbs-layout'
export type {
  Block,
  BodyCompression,
  BufferRegion,
  DictionaryBatchHeader,
  FieldNode,
  Footer,
  MessageHeader,
  MessageMetadata,
  RecordBatchHeader,
  SchemaHeader,
  WriteMessageOptions,
} from './message-metadata'
