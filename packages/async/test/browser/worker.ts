/** The worker of the browser transport test: reads an IPC stream from its parent and writes the same batches back. */
import { messagePortConnection, type MessagePortLike } from '@lightstream/async'
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'

const connection = messagePortConnection(self as unknown as MessagePortLike)
const reader = await openIpcStream(connection.source)
const writer = new IpcStreamWriter(connection.sink)
for await (const batch of reader) await writer.write(batch)
await writer.close()
await connection.close()
