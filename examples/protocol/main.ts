// Two peers over TCP on 127.0.0.1: a trading desk streams quotes (a table channel with a dictionary-encoded
// symbol column that grows and changes) and chat messages (JSON, MessagePack) on one connection, with the
// negotiated handshake. Prints what crossed the wire and what arrived. Run: node --import tsx protocol/main.ts
import { Data, RecordBatch, dataFromArray, dictionary, field, float64, schema, utf8 } from '@lightstream/core'
import { connectTcp, listenTcp } from '@lightstream/async/node'
import { createProtocolConnection, jsonCodec, msgpackCodec, type ProtocolConnection } from '@lightstream/protocol'

const quoteSchema = schema([field('symbol', dictionary(utf8(), undefined, 0)), field('price', float64(), false)])

function quotes(symbols: string[], picks: number[], prices: number[]): RecordBatch {
  const symbol = new Data({ type: quoteSchema.fields[0]!.type, length: picks.length, values: Int32Array.from(picks), dictionary: dataFromArray(symbols, utf8()) })
  return new RecordBatch(quoteSchema, [symbol, new Data({ type: float64(), length: prices.length, values: Float64Array.from(prices) })])
}

function register(peer: ProtocolConnection): void {
  peer.registerMessage('chat', { codec: jsonCodec<{ from: string; text: string }>() })
  peer.registerMessage('orders', { codec: msgpackCodec<{ id: number; qty: number }>() })
  peer.registerTable('quotes', quoteSchema)
}

const listener = await listenTcp({ host: '127.0.0.1', port: 0 })
const [client, server] = await Promise.all([connectTcp({ host: '127.0.0.1', port: listener.port! }), listener.accept()])
const desk = createProtocolConnection(client, { handshake: 'offer' }) // proposes the extension
const trader = createProtocolConnection(server) // default 'accept': answers it
register(desk)
register(trader)

const received = (async () => {
  const lines: string[] = []
  for await (const item of trader) {
    if (item.kind === 'message') lines.push(`${item.channel}: ${JSON.stringify(item.value)}`)
    else {
      const symbol = item.batch.getChild('symbol')!
      const price = item.batch.getChild('price')!
      const rows = Array.from({ length: item.batch.numRows }, (_, i) => `${String(symbol.get(i))}@${String(price.get(i))}`)
      lines.push(`${item.channel}: ${rows.join(' ')}`)
    }
  }
  return lines
})()

console.log(`handshake: ${await desk.ready()}`)
await desk.send('chat', { from: 'desk', text: 'quotes coming' })
await desk.sendTable('quotes', quotes(['ABC', 'XYZ'], [0, 1], [10.5, 99])) // schema + dictionary
await desk.sendTable('quotes', quotes(['ABC', 'XYZ'], [1, 0], [99.5, 10.25])) // same dictionary: nothing
await desk.send('orders', { id: 1, qty: 500 })
await desk.sendTable('quotes', quotes(['ABC', 'XYZ', 'NEW'], [2], [1.25])) // grew: a delta with 'NEW'
await desk.sendTable('quotes', quotes(['QQQ'], [0, 0], [400, 401])) // changed: a replacement
await desk.close()

for (const line of await received) console.log(line)
await trader.close()
await Promise.all([desk.closed, trader.closed])
console.log(`desk sent ${desk.stats.framesSent} frames (${desk.stats.bytesSent} bytes); trader received ${trader.stats.framesReceived} frames`)
console.log(`receive copies: ${trader.readStats.copies} misaligned buffers, ${trader.readStats.framingCopies} spanning frames, ${trader.readStats.dictionaryCopies} delta appended`)
await listener.close()
