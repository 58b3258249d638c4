import { describe, expect, it } from 'vitest'
import { RecordBatch, Table, tableFromArrays } from '@lightstream/core'
import { chunkEvery, randomChunks, seededRandom } from '@lightstream/framing/testing'
import { createProtocolConnection, type ProtocolItem } from '@lightstream/protocol'
import { memoryPair, replayTransport, valuesOf } from './helpers'
import { drain, expectInterleaved, registerChannels, sendInterleaved } from './scenario'

/** The bytes one peer sends in the interleaved scenario (messages, tables, dictionary changes). */
async function recordSession(rounds: number): Promise<Uint8Array> {
  const [left, right] = memoryPair(Number.MAX_SAFE_INTEGER)
  const a = createProtocolConnection(left)
  registerChannels(a)
  await sendInterleaved(a, 'a', rounds)
  await a.close()
  void right
  return left.out.bytes()
}

async function* slowly(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk
}

async function receive(chunks: readonly Uint8Array[], asAsync: boolean): Promise<ProtocolItem[]> {
  const conn = createProtocolConnection(replayTransport(asAsync ? slowly(chunks) : chunks))
  registerChannels(conn)
  return drain(conn)
}

describe('decoding the same byte stream under any chunking', () => {
  it('gives the same items for one chunk, 1-byte chunks, 7-byte chunks and seeded random chunkings (sync and async sources)', async () => {
    const rounds = 6
    const bytes = await recordSession(rounds)
    const chunkings: [string, Uint8Array[]][] = [
      ['one chunk', [bytes]],
      ['1-byte', chunkEvery(bytes, 1)],
      ['7-byte', chunkEvery(bytes, 7)],
      ...[1, 2, 3, 4, 5].map((seed): [string, Uint8Array[]] => [`random seed ${seed}`, randomChunks(bytes, seededRandom(seed), 300)]),
    ]
    for (const [name, chunks] of chunkings) {
      for (const asAsync of [false, true]) {
        const items = await receive(chunks, asAsync)
        try {
          expectInterleaved(items, 'a', rounds)
        } catch (error) {
          throw new Error(`chunking "${name}" (${asAsync ? 'async' : 'sync'} source) decoded differently: ${String(error)}`)
        }
      }
    }
  })

  it('fails with TruncatedInputError (ERR_TRUNCATED) when the stream stops inside a frame, under every chunking', async () => {
    const bytes = await recordSession(2)
    const cut = bytes.subarray(0, bytes.length - 3)
    for (const chunks of [[cut], chunkEvery(cut, 1), randomChunks(cut, seededRandom(9), 50)]) {
      const conn = createProtocolConnection(replayTransport(chunks))
      registerChannels(conn)
      const seen: string[] = []
      const error = await (async () => {
        for await (const item of conn) seen.push(item.channel)
      })().then(() => undefined, (e: unknown) => e)
      expect(error).toMatchObject({ code: 'ERR_TRUNCATED' })
      expect(seen).toHaveLength(9) // every whole frame before the cut was delivered
    }
  })
})

describe('zero copy', () => {
  it('receives a large table spanning many chunks with one framing copy and no buffer copies', async () => {
    const rows = 200_000
    const table = tableFromArrays({ id: Int32Array.from({ length: rows }, (_, i) => i), x: Float64Array.from({ length: rows }, (_, i) => i / 4) })
    const [left, right] = memoryPair(Number.MAX_SAFE_INTEGER)
    const a = createProtocolConnection(left)
    a.registerTable('big')
    await a.sendTable('big', table)
    await a.close()
    void right
    const bytes = left.out.bytes()
    // Chunks of an awkward size, so the frame spans ~2,300 of them and starts at an odd offset.
    const chunks = [bytes.subarray(0, 3), ...chunkEvery(bytes.subarray(3), 1021)]
    const b = createProtocolConnection(replayTransport(chunks))
    b.registerTable('big')
    const items = await drain(b)
    const batch = (items[0] as { batch: RecordBatch }).batch
    expect(batch.numRows).toBe(rows)
    expect(valuesOf(batch.getChildAt(1).slice(rows - 2))).toEqual([(rows - 2) / 4, (rows - 1) / 4])
    // Two framing copies: the 5-byte header (it spans the first two chunks), then the whole frame, copied once
    // so that its payload is 64-byte aligned.
    expect(b.readStats.framingCopies).toBe(2)
    expect(b.readStats.framingCopiedBytes).toBe(5 + bytes.length)
    expect(b.readStats.copies).toBe(0) // the IPC reader found every buffer aligned: views, no copy
    expect((batch.getChildAt(0).values as Int32Array).byteOffset % 64).toBe(0)
    expect(new Table(batch.schema, [batch]).numRows).toBe(rows)
  })
})
