import { expect, it } from 'vitest'
import { Table, tableFromArrays } from '@lightstream/core'
import { compareTables, readIntegrationJson, tableFromIPC, tableToIPC, writeIntegrationJson } from '@lightstream/ipc'

it('README "Integration" example: JSON → IPC file → compare → JSON', () => {
  const jsonText = writeIntegrationJson(tableFromArrays({ id: new Int32Array([1, 2]), tags: [['a'], ['b', null]] }))
  const expected = readIntegrationJson(jsonText)
  const bytes = tableToIPC(new Table(expected.schema, expected.batches), { format: 'file' })
  const actual = tableFromIPC(bytes)
  expect(compareTables(expected, actual)).toBe(null)
  expect(JSON.parse(writeIntegrationJson(actual, { indent: 2 }))).toEqual(JSON.parse(jsonText))
})
