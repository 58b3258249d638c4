import { InvalidArgumentError } from '@lightstream/core'
import { copyRange, joinContiguous } from '@lightstream/core-buffer'
import {
  recycleBytes,
  reserveFrame,
  sizeFrames,
  type ByteRecycler,
  type FrameLength,
  type FrameReserver,
  type FrameSizing,
} from '@lightstream/framing'

/** Options of {@link ChunkQueue}. @internal */
export interface ChunkQueueOptions {
  /** Bytes queued at which `push` starts returning false (the producer should pause). */
  highWaterMark: number
  /** Called when the consumer has taken enough that a paused producer should resume (below half the mark). */
  onResume?: () => void
  /** Called with the size of every chunk the consumer takes (credit-based flow control). */
  onTake?: (bytes: number) => void
  /** Called once when the consumer stops before the end (`return()`, a `break`). */
  onCancel?: () => void
  /**
   * Merge a chunk into the previous queued one when it continues it in the same ArrayBuffer (slab reads):
   * O(1), no copy, and fewer chunks means fewer frames spanning chunks downstream.
   */
  merge?: boolean
  /**
   * Answers the consumer's {@link FrameReserver} call (asked only while nothing is queued): true promises
   * that the next chunk pushed starts with `held` again (or, at the end, that `held` is pushed back).
   */
  onReserve?: (held: Uint8Array, needed: number) => boolean
  /**
   * Answers the consumer's {@link FrameSizing} offer, made before it took anything: `start` and `end` are
   * the stream offsets of the frame in progress at the end of the queued bytes (`start` = the queued length
   * at a frame boundary; `end` -1 when its length is not known yet). True promises chunks that end at frame
   * boundaries from then on.
   */
  onSizeFrames?: (frameLength: FrameLength, start: number, end: number) => boolean
  /**
   * Answers the consumer's {@link ByteRecycler} call: nothing views the first `count` bytes the consumer
   * took (counted from the first chunk pushed), so their memory may be read into again.
   */
  onRecycle?: (count: number) => void
}

type QueueState = 'open' | 'ended' | 'failed' | 'cancelled'

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * The receiving half of every transport: a producer (socket callbacks, message events) pushes chunks, one
 * consumer pulls them with `for await`. Counts queued bytes so the producer can pause at the high-water
 * mark and resume below half of it. Chunks are handed over as they are: never copied.
 * @internal
 */
export class ChunkQueue implements AsyncIterable<Uint8Array>, AsyncIterator<Uint8Array>, FrameReserver, FrameSizing, ByteRecycler {
  #chunks: Uint8Array[] = []
  #head = 0
  #buffered = 0
  #paused = false
  #state: QueueState = 'open'
  #error: unknown
  #wake: ((value: void) => void) | undefined
  #iterating = false
  readonly #highWaterMark: number
  readonly #lowWaterMark: number
  readonly #onResume: (() => void) | undefined
  readonly #onCancel: (() => void) | undefined
  readonly #onTake: ((bytes: number) => void) | undefined
  readonly #merge: boolean
  readonly #onReserve: ((held: Uint8Array, needed: number) => boolean) | undefined
  readonly #onSizeFrames: ((frameLength: FrameLength, start: number, end: number) => boolean) | undefined
  readonly #onRecycle: ((count: number) => void) | undefined
  /** The consumer has taken a chunk (a frame-length offer comes before that, or not at all). */
  #taken = false

  constructor(options: ChunkQueueOptions) {
    this.#highWaterMark = options.highWaterMark
    this.#lowWaterMark = Math.floor(options.highWaterMark / 2)
    this.#onResume = options.onResume
    this.#onCancel = options.onCancel
    this.#onTake = options.onTake
    this.#merge = options.merge === true
    this.#onReserve = options.onReserve
    this.#onSizeFrames = options.onSizeFrames
    this.#onRecycle = options.onRecycle
  }

  /** Bytes queued and not yet taken by the consumer. */
  get buffered(): number {
    return this.#buffered
  }

  /** True once the queue ended, failed or was cancelled: pushes are ignored. */
  get settled(): boolean {
    return this.#state !== 'open'
  }

  /** True when the consumer stopped early. */
  get cancelled(): boolean {
    return this.#state === 'cancelled'
  }

  /** Queue a chunk (ignored once settled). Returns false when the producer should pause. O(1), no copy. */
  push(chunk: Uint8Array): boolean {
    if (this.#state !== 'open') return true
    const length = chunk.byteLength
    if (length === 0) return this.#buffered < this.#highWaterMark
    const last = this.#merge && this.#chunks.length > this.#head ? this.#chunks[this.#chunks.length - 1]! : undefined
    const joined = last === undefined ? undefined : joinContiguous(last, chunk)
    if (joined !== undefined) this.#chunks[this.#chunks.length - 1] = joined
    else this.#chunks.push(chunk)
    this.#buffered += length
    this.#notify()
    if (this.#buffered >= this.#highWaterMark) {
      this.#paused = true
      return false
    }
    return true
  }

  /** The orderly end: the consumer gets what is queued, then `done`. */
  end(): void {
    if (this.#state !== 'open') return
    this.#state = 'ended'
    this.#notify()
  }

  /** The abnormal end: queued chunks are dropped and the consumer's next read rejects with `error`. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return
    this.#state = 'failed'
    this.#error = error
    this.#drop()
    this.#notify()
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#iterating) throw new InvalidArgumentError('this source is already being read: a connection has one reader')
    this.#iterating = true
    return this
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      if (this.#head < this.#chunks.length) return { done: false, value: this.#shift() }
      if (this.#state === 'failed') throw this.#error
      if (this.#state !== 'open') return DONE
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
  }

  /** The consumer's frame hint (see {@link FrameReserver}): passed to `onReserve` when nothing is queued. */
  [reserveFrame](held: Uint8Array, needed: number): boolean {
    if (this.#onReserve === undefined || this.#state !== 'open' || this.#head < this.#chunks.length) return false
    return this.#onReserve(held, needed)
  }

  /** The consumer's offer of its decoder's frame lengths (see {@link FrameSizing}): passed to `onSizeFrames`. */
  [sizeFrames](frameLength: FrameLength): boolean {
    if (this.#onSizeFrames === undefined || this.#state !== 'open' || this.#taken) return false
    const frame = frameInProgress(this.#chunks.slice(this.#head), frameLength)
    return frame !== undefined && this.#onSizeFrames(frameLength, frame.start, frame.end)
  }

  /** The consumer is done with the first `count` bytes it took (see {@link ByteRecycler}): passed to `onRecycle`. */
  [recycleBytes](count: number): void {
    if (this.#state === 'open') this.#onRecycle?.(count)
  }

  /** The consumer stops: queued chunks are dropped and the producer told through `onCancel`. */
  async return(): Promise<IteratorResult<Uint8Array>> {
    if (this.#state === 'open') {
      this.#state = 'cancelled'
      this.#drop()
      this.#notify()
      this.#onCancel?.()
    } else if (this.#state === 'ended') {
      this.#drop()
    }
    return DONE
  }

  #shift(): Uint8Array {
    this.#taken = true
    const chunk = this.#chunks[this.#head]!
    this.#chunks[this.#head++] = EMPTY
    if (this.#head === this.#chunks.length) {
      this.#chunks = []
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head)
      this.#head = 0
    }
    this.#buffered -= chunk.byteLength
    if (this.#paused && this.#buffered <= this.#lowWaterMark) {
      this.#paused = false
      this.#onResume?.()
    }
    this.#onTake?.(chunk.byteLength)
    return chunk
  }

  #drop(): void {
    this.#chunks = []
    this.#head = 0
    this.#buffered = 0
  }

  #notify(): void {
    const wake = this.#wake
    if (wake !== undefined) {
      this.#wake = undefined
      wake()
    }
  }
}

const EMPTY = new Uint8Array(0)

/** Most bytes joined to size a frame whose first bytes span queued chunks. */
const MAX_HEAD = 64 * 1024

/**
 * Walk `chunks` (a stream from a frame boundary) frame by frame with `frameLength`: the stream offsets of the
 * frame in progress at their end (`start` = the total length at a boundary, `end` -1 when its length is not
 * known from the bytes there), or undefined when a frame's first bytes span chunks beyond MAX_HEAD. O(frames),
 * copying at most MAX_HEAD bytes for a frame start split between chunks.
 * @internal
 */
export function frameInProgress(chunks: readonly Uint8Array[], frameLength: FrameLength): { start: number; end: number } | undefined {
  const total = chunks.reduce((n, c) => n + c.length, 0)
  let start = 0
  let chunk = 0
  let chunkStart = 0
  while (start < total) {
    while (start >= chunkStart + chunks[chunk]!.length) chunkStart += chunks[chunk++]!.length
    let head = chunks[chunk]!.subarray(start - chunkStart)
    let length = frameLength(head)
    if (length === undefined && start + head.length < total) {
      // The frame's first bytes continue in the next chunks: size it from one copy of them.
      head = new Uint8Array(Math.min(MAX_HEAD, total - start))
      copyRange(chunks, 0, 0, start, head)
      length = frameLength(head)
    }
    if (length === undefined) return start + head.length >= total ? { start, end: -1 } : undefined
    if (!(length > 0)) return undefined
    if (start + length > total) return { start, end: start + length }
    start += length
  }
  return { start, end: -1 }
}
