import { expect, it } from 'vitest'
import { tableFromArrays } from '@lightstream/core'
import { createMemorySink } from '@lightstream/framing'
import { IpcFileWriter, registerCodec, tableFromIPC, tableToIPC, unregisterCodec } from '@lightstream/ipc'
import { runLengthCodec } from './test-codec'

it('the README "Writing" example runs as written', async () => {
  const codec = runLengthCodec('zstd') // stands in for the zstd codec @lightstream/codecs registers
  registerCodec(codec)
  try {
    const table = tableFromArrays({ id: new Int32Array([1, 2, 3]), name: ['a', null, 'c'] })
    const bytes = tableToIPC(table)
    expect(tableFromIPC(bytes).getChild('name')?.get(2)).toBe('c')

    const sink = createMemorySink()
    const writer = new IpcFileWriter(sink, table.schema, { compression: 'zstd' })
    await writer.write(table)
    await writer.close()
    expect(sink.closed).toBe(true)
    expect(tableFromIPC(sink.bytes()).toArray()).toEqual([{ id: 1, name: 'a' }, { id: 2, name: null }, { id: 3, name: 'c' }])
    expect(codec.calls).toBeGreaterThan(0)
  } finally {
    unregisterCodec('zstd')
  }
})
