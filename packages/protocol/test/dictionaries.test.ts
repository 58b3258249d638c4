import { describe, expect, it } from 'vitest'
import { createProtocolConnection, type TableItem } from '@lightstream/protocol'
import { describeFrames, dictBatch, dictSchema as s, memoryPair, valuesOf } from './helpers'

describe('dictionaries across sends on one table channel', () => {
  it('sends nothing for an identical dictionary, a delta for one that grew, a replacement otherwise — and the receiver applies them', async () => {
    const [left, right] = memoryPair()
    const a = createProtocolConnection(left)
    const b = createProtocolConnection(right)
    a.registerTable('tags', s)
    b.registerTable('tags', s)
    const sends = [
      dictBatch(['a', 'b'], [0, 1, 0]), // first: schema + whole dictionary
      dictBatch(['a', 'b'], [1, 1]), // equal values (another Data): nothing
      dictBatch(['a', 'b', 'c'], [2, 0]), // grew: delta with 'c' only
      dictBatch(['x', 'y'], [1, 0]), // changed: replacement
      dictBatch(['x', 'y', 'z', 'w'], [3, 2]), // grew again: delta 'z', 'w'
      dictBatch(['x'], [0]), // shrank: replacement
    ]
    for (const batch of sends) await a.sendTable('tags', batch)
    await a.close()

    expect(describeFrames(left.out.bytes(), [0])).toEqual([
      'table(0): schema dict(0,=2) batch(3)',
      'table(0): batch(2)',
      'table(0): dict(0,+1) batch(2)',
      'table(0): dict(0,=2) batch(2)',
      'table(0): dict(0,+2) batch(2)',
      'table(0): dict(0,=1) batch(1)',
    ])

    const received: TableItem[] = []
    for await (const item of b) if (item.kind === 'table') received.push(item)
    await b.close()
    // Every batch keeps the dictionary in force when it arrived, also after later replacements.
    expect(received.map((i) => valuesOf(i.batch.getChildAt(0)))).toEqual([
      ['a', 'b', 'a'],
      ['b', 'b'],
      ['c', 'a'],
      ['y', 'x'],
      ['w', 'z'],
      ['x'],
    ])
    expect(b.readStats.dictionaryCopies).toBe(2) // the two deltas were appended (one concatenation each)
  })

  it('restarts the IPC stream (schema + whole dictionaries) after a frame was refused as too large', async () => {
    const [left, right] = memoryPair()
    const a = createProtocolConnection(left, { maxFrameSize: 2048 })
    const b = createProtocolConnection(right)
    a.registerTable('tags', s)
    b.registerTable('tags', s)
    await a.sendTable('tags', dictBatch(['a'], [0]))
    const big = Array.from({ length: 200 }, (_, i) => `value-${i}`)
    await expect(a.sendTable('tags', dictBatch(big, [199]))).rejects.toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', limit: 2048 })
    await a.sendTable('tags', dictBatch(['a', 'b'], [1]))
    await a.close()
    expect(describeFrames(left.out.bytes(), [0])).toEqual(['table(0): schema dict(0,=1) batch(1)', 'table(0): schema dict(0,=2) batch(1)'])
    const rows: unknown[] = []
    for await (const item of b) if (item.kind === 'table') rows.push(...valuesOf(item.batch.getChildAt(0)))
    expect(rows).toEqual(['a', 'b'])
    await b.close()
  })
})
