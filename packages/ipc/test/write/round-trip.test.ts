import { describe, expect, it } from 'vitest'
import { MetadataVersion, RecordBatch, Table, validate } from '@lightstream/core'
import { tableToIPC, type TableToIPCOptions } from '@lightstream/ipc'
import { decodeFile, decodeStream, rowsOf } from './decode-for-test'
import { sampleColumns, sampleTable } from './sample-columns'

const variants: [string, TableToIPCOptions][] = [
  ['stream, 64', {}],
  ['stream, 8', { alignment: 8 }],
  ['file, 64', { format: 'file' }],
  ['file, 8', { format: 'file', alignment: 8 }],
  ['stream, V4', { metadataVersion: MetadataVersion.V4 }],
  ['stream, legacy framing', { legacyFormat: true }],
  ['file, legacy framing, 8', { format: 'file', legacyFormat: true, alignment: 8 }],
]

function decode(bytes: Uint8Array, options: TableToIPCOptions) {
  const alignment = options.alignment ?? 64
  return options.format === 'file' ? decodeFile(bytes, { alignment }) : decodeStream(bytes, { alignment })
}

describe('round trip of every type', () => {
  const table = sampleTable()
  const expected = rowsOf(table.batches, { useBigInt: true })

  for (const [name, options] of variants) {
    it(`${name}: every column reads back equal`, () => {
      const bytes = tableToIPC(table, options)
      const decoded = decode(bytes, options)
      expect(decoded.schema.fields.map((f) => f.name)).toEqual(table.schema.fields.map((f) => f.name))
      const back = new Table(decoded.schema, decoded.batches)
      validate(back, { utf8: true })
      expect(rowsOf(decoded.batches, { useBigInt: true })).toEqual(expected)
      const version = options.metadataVersion ?? (options.legacyFormat ? MetadataVersion.V4 : MetadataVersion.V5)
      for (const m of decoded.messages) expect(m.metadata.version).toBe(version)
      expect(decoded.messages.every((m) => m.legacy === (options.legacyFormat === true))).toBe(true)
    })
  }

  for (const column of sampleColumns()) {
    it(`${column.name}: alone, over several batches, empty, and with zero rows`, () => {
      const one = sampleTable([column])
      const batch = one.batches[0]!
      const three = new Table(one.schema, [batch, batch, batch])
      for (const t of [one, three]) {
        const decoded = decodeStream(tableToIPC(t))
        expect(decoded.batches).toHaveLength(t.batches.length)
        expect(rowsOf(decoded.batches, { useBigInt: true })).toEqual(rowsOf(t.batches, { useBigInt: true }))
      }
      const noBatches = decodeStream(tableToIPC(new Table(one.schema, [])))
      expect(noBatches.batches).toHaveLength(0)
      expect(noBatches.messages.map((m) => m.metadata.header.type)).toEqual(['schema'])
      expect(noBatches.schema.fields[0]!.name).toBe(column.name)
      const zero = new Table(one.schema, [new RecordBatch(one.schema, [batch.columns[0]!.slice(0, 0)], 0)])
      const z = decodeStream(tableToIPC(zero))
      expect(z.batches[0]!.numRows).toBe(0)
      validate(new Table(z.schema, z.batches))
    })
  }
})
