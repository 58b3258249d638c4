import type { Allocator } from '@lightstream/core'
import { defaultAllocator } from '@lightstream/core-buffer'
import { decodeFramesAsync } from '@lightstream/framing'
import type { ReadStats } from '@lightstream/ipc'
import { TlvDecoder, type TlvFrame } from '@lightstream/tlv'
import type { ProtocolStats } from './channel-handles'
import { payloadAlignedAllocator } from './payload-aligned-allocator'
import { codedError } from './protocol-errors'
import type { ProtocolItem } from './protocol-item'
import type { ReceiveQueue } from './receive-queue'
import { WireFormat } from './wire-format'

/** What the receive loop needs from its connection. @internal */
export interface ReceiveHost {
  readonly stats: ProtocolStats
  readonly readStats: ReadStats
  readonly inbox: ReceiveQueue<ProtocolItem>
  /** Whether the connection started (channels registered). */
  readonly started: boolean
  /** Whether the connection failed (the loop stops). */
  readonly failed: boolean
  /** Handle one frame: handshake bookkeeping, then its items. @throws the protocol's errors. */
  onFrame(frame: TlvFrame): readonly ProtocolItem[]
  fail(error: unknown): void
  /** The loop is over (the peer ended, or it failed). */
  done(): void
}

/**
 * The receive loop: TLV frames from the transport (`@lightstream/tlv`'s TlvDecoder driven by
 * `@lightstream/framing`, frames spanning chunks copied once into payload-aligned memory), each handed to the
 * connection and its items pushed into the bounded inbox — the loop awaits room there before it reads on,
 * so a slow consumer pushes back on the peer. It runs from construction, but parks the first frame until the
 * connection starts: {@link ReceiveLoop.takeParked} lets the start handle it synchronously (so an `'accept'`
 * side that registers and then sends first answers a hello that is already here).
 * @internal
 */
export class ReceiveLoop {
  #parked: TlvFrame | undefined
  #parkedItems: readonly ProtocolItem[] = []
  #wake: (() => void) | undefined

  constructor(
    private readonly host: ReceiveHost,
    private readonly maxFrameSize: number,
    private readonly allocator: Allocator | undefined,
  ) {}

  /** The frame read before the start, to handle now; `items` are what handling it produced. */
  takeParked(handle: (frame: TlvFrame) => readonly ProtocolItem[]): void {
    const parked = this.#parked
    this.#parked = undefined
    try {
      if (parked !== undefined) this.#parkedItems = handle(parked)
    } finally {
      this.wake()
    }
  }

  /** Let a parked loop go on (after the start, or a failure). */
  wake(): void {
    this.#wake?.()
  }

  async run(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, signal: AbortSignal): Promise<void> {
    const host = this.host
    const decoder = new TlvDecoder({ maxPayloadLength: this.maxFrameSize })
    const allocator = payloadAlignedAllocator(this.allocator ?? defaultAllocator, WireFormat.headerSize, host.readStats)
    try {
      for await (const frame of decodeFramesAsync(source, decoder, { allocator, signal })) {
        if (host.failed) break
        host.stats.framesReceived++
        host.stats.bytesReceived += WireFormat.headerSize + frame.payload.length
        let items: readonly ProtocolItem[]
        if (host.started) items = host.onFrame(frame)
        else {
          this.#parked = frame
          await new Promise<void>((resolve) => {
            this.#wake = resolve
          })
          this.#wake = undefined
          if (host.failed) break
          items = this.#parkedItems
          this.#parkedItems = []
        }
        for (const item of items) {
          const wait = host.inbox.push(item)
          if (wait !== undefined) await wait
        }
      }
      host.inbox.end()
    } catch (error) {
      host.fail(codedError(error, 'receiving failed'))
    } finally {
      host.done()
    }
  }
}
