/**
 * The protocol scenario every transport test runs, free of test-framework imports so a browser page can run
 * it too (`browser/main.ts`).
 */
import { tableFromArrays } from '@lightstream/core'
import { jsonCodec, msgpackCodec, type ProtocolConnection, type ProtocolItem } from '@lightstream/protocol'
import { canonical } from '../../../tooling/table-digest'
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

/** How `items` differ from what `sendInterleaved(…, tag, rounds)` sent, in order; empty when they are exactly that. */
export function interleavedProblems(items: readonly ProtocolItem[], tag: string, rounds: number): string[] {
  if (items.length !== rounds * 5) return [`${items.length} items arrived, ${rounds * 5} were sent`]
  const problems: string[] = []
  const same = (what: string, got: unknown, want: unknown): void => {
    if (canonical(got) !== canonical(want)) problems.push(`${what}: got ${canonical(got)}, expected ${canonical(want)}`)
  }
  const message = (item: ProtocolItem): unknown => (item.kind === 'message' ? item.value : `a ${item.kind}`)
  const column = (item: ProtocolItem, i: number): unknown => (item.kind === 'table' ? valuesOf(item.batch.getChildAt(i)!) : `a ${item.kind}`)
  for (let n = 0; n < rounds; n++) {
    const round = items.slice(n * 5, n * 5 + 5)
    const [raw, json, numbers, msgpack, tags] = round as [ProtocolItem, ProtocolItem, ProtocolItem, ProtocolItem, ProtocolItem]
    same(`round ${n} channels`, round.map((i) => i.channel), ['raw', 'json', 'numbers', 'msgpack', 'tags'])
    const text = message(raw)
    same(`round ${n} raw`, text instanceof Uint8Array ? new TextDecoder().decode(text) : text, `${tag}-${n}`)
    same(`round ${n} json`, message(json), { n, text: `${tag} json ${n}` })
    same(`round ${n} numbers`, [column(numbers, 0), column(numbers, 1)], [[n, n + 1], [n / 2, -n]])
    same(`round ${n} msgpack`, message(msgpack), { n, bytes: Uint8Array.of(n & 0xff, 1, 2) })
    const [dict, indices] = DICTS[n % DICTS.length]!
    same(`round ${n} tags`, column(tags, 0), indices.map((i) => dict[i]))
  }
  return problems
}

/** Throws, listing the differences, unless `items` are exactly what `sendInterleaved(…, tag, rounds)` sent. */
export function expectInterleaved(items: readonly ProtocolItem[], tag: string, rounds: number): void {
  const problems = interleavedProblems(items, tag, rounds)
  if (problems.length > 0) throw new Error(`the items differ from what was sent:\n${problems.slice(0, 10).join('\n')}`)
}

/** Collect every item until the peer ends its side. */
export async function drain(p: ProtocolConnection): Promise<ProtocolItem[]> {
  const items: ProtocolItem[] = []
  for await (const item of p) items.push(item)
  return items
}
