import { IpcFormatError, field, int32, schema } from '@lightstream/core'
import { readMessage, writeSchemaMessage } from '@lightstream/ipc'
import { describe, expect, it } from 'vitest'

// Short strings are built from ASCII bytes without TextDecoder; anything else still goes through the strict
// decoder. Both paths must give the same names, and invalid UTF-8 must still be refused.
describe('metadata strings', () => {
  const names = ['', 'id', 'a'.repeat(64), 'b'.repeat(65), 'café', '数据', 'x\u{1F600}y', `${'c'.repeat(63)}é`]

  it('reads ASCII, non-ASCII and boundary-length names exactly', () => {
    const bytes = writeSchemaMessage(schema(names.map((n) => field(n, int32())), { ключ: 'значение', k: 'v' }))
    const { header } = readMessage(bytes)
    if (header.type !== 'schema') throw new Error('expected a schema message')
    expect(header.schema.fields.map((f) => f.name)).toEqual(names)
    expect([...header.schema.metadata]).toEqual([['ключ', 'значение'], ['k', 'v']])
  })

  it('refuses a short name with invalid UTF-8 (IpcFormatError)', () => {
    const bytes = writeSchemaMessage(schema([field('abcé', int32())]))
    // 'é' is C3 A9; make it C3 28, which is not UTF-8.
    const at = bytes.findIndex((_, i) => bytes[i] === 0x63 && bytes[i + 1] === 0xc3 && bytes[i + 2] === 0xa9)
    expect(at).toBeGreaterThan(0)
    const corrupt = bytes.slice()
    corrupt[at + 2] = 0x28
    expect(() => readMessage(corrupt)).toThrow(IpcFormatError)
  })
})
