/**
 * The reading layer of Arrow IPC: the message FrameDecoder, stream readers (sync and async), the random
 * access file reader, `tableFromIPC`, and the random access sources.
 */
export { IpcMessageDecoder } from './message-decoder'
export type { IpcEndOfStream, IpcFrame, IpcMessage } from './message-decoder'
export {
  createReadStats,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_DICTIONARY_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_METADATA_BYTES,
} from './read-options'
export type { IpcMessageLimits, IpcReadOptions, ReadStats } from './read-options'
export { tableFromIPC } from './table-from-ipc'
export { IpcStreamReader } from './ipc-stream-reader'
export { AsyncIpcStreamReader } from './async-ipc-stream-reader'
export { openIpcStream } from './open-ipc-stream'
export type { IpcStreamReaderOptions } from './stream-setup'
export { IpcFileReader } from './ipc-file-reader'
export type { IpcFileReaderOptions } from './ipc-file-reader'
export { bytesSource, fileHandleSource } from './random-access-sources'
export type { FileHandleLike, FileHandleSourceOptions } from './random-access-sources'
