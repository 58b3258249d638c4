/**
 * The Arrow IPC writer: record batches and tables to the stream and file formats, as parts (the data's
 * own buffers as views, message heads, padding) or one contiguous copy, through FrameEncoders that
 * `@lightstream/framing` drives into any ByteSink with backpressure.
 */
export { tableToIPC, tableToIPCParts } from './table-to-ipc'
export type { TableToIPCOptions } from './table-to-ipc'
export { encodeIPCStream } from './encode-ipc-stream'
export type { EncodeIPCStreamOptions } from './encode-ipc-stream'
export { IpcStreamWriter } from './ipc-stream-writer'
export { IpcFileWriter } from './ipc-file-writer'
export { IpcBatchWriter } from './ipc-batch-writer'
export type { IpcWriterOptions } from './ipc-batch-writer'
export { IpcStreamEncoder } from './ipc-stream-encoder'
export { IpcFileEncoder } from './ipc-file-encoder'
export { IpcMessageEncoder } from './ipc-message-encoder'
export type { IpcMessageEncoderOptions } from './ipc-message-encoder'
export { frameMessage } from './frame-message'
export type { EncodedMessage, FramedMessage } from './frame-message'
export type { IpcEncodeOptions } from './write-options'
export type { EncodeStats } from './body-writer'
