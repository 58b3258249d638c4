import { InvalidArgumentError, RecordBatch, Table, type Schema } from '@lightstream/core'
import { IpcStreamEncoder, type IpcEncodeOptions } from '@lightstream/ipc'

/** One table frame's payload: Arrow IPC stream messages as parts (the batch's own buffers, no copy). @internal */
export interface TablePayload {
  readonly parts: Uint8Array[]
  readonly length: number
}

/** The record batches of a Table or RecordBatch argument. @throws InvalidArgumentError for anything else. @internal */
export function batchesOf(input: Table | RecordBatch, channel: string): readonly RecordBatch[] {
  if (input instanceof RecordBatch) return [input]
  if (input instanceof Table) return input.batches
  throw new InvalidArgumentError(`sendTable("${channel}") expects a Table or a RecordBatch`)
}

/**
 * The sending side of one table channel: a persistent Arrow IPC stream encoder (`@lightstream/ipc`'s
 * IpcStreamEncoder), so the first payload carries the Schema message and the dictionaries, and each later
 * one only what changed — nothing for an identical dictionary, a delta DictionaryBatch (`isDelta`, only the
 * new entries) for a dictionary that extends the last one sent, a replacement otherwise — then the
 * RecordBatch message. No end-of-stream marker is written: the stream stays open for the next send.
 *
 * Each payload is laid out as if it started at offset 0, so its bodies sit at multiples of the alignment
 * from the payload's first byte (the receiver copies frames that span chunks to aligned memory such that
 * this holds in memory too).
 * @internal
 */
export class TableSender {
  #encoder: IpcStreamEncoder | undefined

  constructor(
    readonly channel: string,
    readonly schema: Schema | undefined,
    private readonly options: IpcEncodeOptions | undefined,
  ) {}

  /** True until the first payload (with the Schema message) was made, and again after {@link TableSender.reset}. */
  get fresh(): boolean {
    return this.#encoder === undefined
  }

  /**
   * The payload of one batch. O(fields + buffers) plus dictionary comparisons; the batch's buffers are
   * parts as they are (views). The encoder's dictionary state moves on only when this returns.
   * @throws InvalidArgumentError a batch whose columns do not match the channel's schema; InvalidDataError a
   *   buffer the type needs is missing or short; MissingDependencyError a compression codec is not available.
   */
  encode(batch: RecordBatch): TablePayload {
    const encoder = this.#encoder ?? new IpcStreamEncoder(this.schema ?? batch.schema, this.options)
    const parts = encoder.encode(batch, 0)
    this.#encoder = encoder
    let length = 0
    for (const part of parts) length += part.byteLength
    return { parts, length }
  }

  /**
   * Forget what was sent: the next payload starts a new IPC stream with the Schema message and whole
   * dictionaries (receivers treat a payload that starts with a Schema message as a fresh stream). Used when
   * an encoded payload could not be sent, so the receiver's state and ours stay in step.
   */
  reset(): void {
    this.#encoder = undefined
  }
}
