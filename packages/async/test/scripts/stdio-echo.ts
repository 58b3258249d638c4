// A child process: reads an IPC stream on stdin and writes the same table to stdout.
import { IpcStreamWriter, openIpcStream } from '@lightstream/ipc'
import { stdinSource, stdoutSink } from '@lightstream/async/node'

const reader = await openIpcStream(stdinSource())
const writer = new IpcStreamWriter(stdoutSink(), reader.schema)
for await (const batch of reader) await writer.write(batch)
await writer.close()
