import { expect } from 'vitest'
import { tableFromArrays } from '@lightstream/core'
import { jsonCodec, msgpackCodec, type ProtocolConnection, type ProtocolItem } from '@lightstream/protocol'
import { dictBatch, valuesOf } from './helpers'

/** Register the same channels on a peer: a raw, a JSON and a MessagePack message channel and two table channels. */
export function registerChannels(p: ProtocolConnection): void {
  p.registerMessage('raw') // 0
  p.registerMessage('json', { codec: jsonCodec<{ n: number; text: string }>() }) // 1
  p.registerMessage('msgpack', { codec: msgpackCodec<{ n: number; bytes: Uint8Array }>() }) // 2
  p.registerTable('numbers') // 3
  p.registerTable('tags') // 4 (dictionary-encoded)
}

const DICTS: [string[], number[]][] = [
  [['a', 'b'], [0, 1]],
  [['a', 'b'], [1]], // same dictionary
  [['a', 'b', 'c'], [2, 2]], // delta
  [['q'], [0]], // replacement
]

/** Send `rounds` rounds of interleaved messages and tables from `p`; `tag` tells the two directions apart. */
export async function sendInterleaved(p: ProtocolConnection, tag: string, rounds: number): Promise<void> {
  const pending: Promise<void>[] = []
  for (let n = 0; n < rounds; n++) {
    pending.push(p.send('raw', new TextEncoder().encode(`${tag}-${n}`)))
    pending.push(p.send('json', { n, text: `${tag} json ${n}` }))
    pending.push(p.sendTable('numbers', tableFromArrays({ n: Int32Array.of(n, n + 1), x: Float64Array.of(n / 2, -n) })))
    pending.push(p.send('msgpack', { n, bytes: Uint8Array.of(n & 0xff, 1, 2) }))
    const [dict, indices] = DICTS[n % DICTS.length]!
    pending.push(p.sendTable('tags', dictBatch(dict, indices)))
  }
  await Promise.all(pending)
}

/** Check that `items` are exactly what `sendInterleaved(…, tag, rounds)` sent, in order. */
export function expectInterleaved(items: readonly ProtocolItem[], tag: string, rounds: number): void {
  expect(items).toHaveLength(rounds * 5)
  for (let n = 0; n < rounds; n++) {
    const [raw, json, numbers, msgpack, tags] = items.slice(n * 5, n * 5 + 5) as ProtocolItem[]
    expect(raw!.kind === 'message' && new TextDecoder().decode(raw!.value as Uint8Array)).toBe(`${tag}-${n}`)
    expect(json!.kind === 'message' && json!.value).toEqual({ n, text: `${tag} json ${n}` })
    expect(numbers!.kind === 'table' && [valuesOf(numbers!.batch.getChildAt(0)), valuesOf(numbers!.batch.getChildAt(1))]).toEqual([[n, n + 1], [n / 2, -n]])
    expect(msgpack!.kind === 'message' && msgpack!.value).toEqual({ n, bytes: Uint8Array.of(n & 0xff, 1, 2) })
    const [dict, indices] = DICTS[n % DICTS.length]!
    expect(tags!.kind === 'table' && valuesOf(tags!.batch.getChildAt(0))).toEqual(indices.map((i) => dict[i]))
    expect(items.slice(n * 5, n * 5 + 5).map((i) => i.channel)).toEqual(['raw', 'json', 'numbers', 'msgpack', 'tags'])
  }
}

/** Collect every item until the peer ends its side. */
export async function drain(p: ProtocolConnection): Promise<ProtocolItem[]> {
  const items: ProtocolItem[] = []
  for await (const item of p) items.push(item)
  return items
}
