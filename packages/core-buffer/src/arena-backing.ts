import { AllocationError, InvalidArgumentError } from '@lightstream/core'

/**
 * What an {@link ArenaAllocator}'s one memory is. Every kind grows; they differ in what happens to the views
 * handed out before a grow.
 */
export const ArenaBacking = {
  /** A resizable `ArrayBuffer`: grows in place with `resize`, earlier views stay valid. */
  ArrayBuffer: 'array-buffer',
  /** A growable `SharedArrayBuffer`: grows in place with `grow`, earlier views stay valid; can be shared with workers. */
  SharedArrayBuffer: 'shared-array-buffer',
  /**
   * A `WebAssembly.Memory`: grows by 64 KiB pages. A non-shared one detaches its old `ArrayBuffer` on every
   * grow (earlier views become length 0 until `refresh`); a shared one keeps earlier views valid.
   */
  WasmMemory: 'wasm-memory',
} as const

/** One of the values of {@link ArenaBacking}. */
export type ArenaBackingValue = (typeof ArenaBacking)[keyof typeof ArenaBacking]

/** The size of one WebAssembly memory page: 64 KiB. */
export const WASM_PAGE_SIZE = 65536

/** The largest a 32-bit WebAssembly memory can be: 65536 pages, 4 GiB. */
export const WASM_MAX_BYTE_LENGTH = WASM_PAGE_SIZE * 65536

/** The capacity limit an arena has unless told otherwise: 1 GiB. */
export const DEFAULT_ARENA_MAX_BYTE_LENGTH = 1024 * 1024 * 1024

/** The capacity a new `ArrayBuffer` or `SharedArrayBuffer` arena starts with: 64 KiB. */
export const DEFAULT_ARENA_INITIAL_BYTE_LENGTH = 65536

/** What {@link ArenaAllocator.onGrow} listeners receive after the memory grew. */
export interface ArenaGrowEvent {
  /** Capacity before the grow, in bytes. */
  readonly previousCapacity: number
  /** Capacity now, in bytes. */
  readonly capacity: number
  /** The arena's generation after the grow (it bumps only when views were detached). */
  readonly generation: number
  /** True when views handed out before are now detached (length 0) and must be re-derived with `refresh`. */
  readonly detached: boolean
  /** True when something other than the arena grew the memory (a WebAssembly module calling `memory.grow`). */
  readonly external: boolean
}

/** A growable buffer that is not a WebAssembly memory. */
export type GrowableBuffer = ArrayBuffer | SharedArrayBuffer

/** Check that `value` is a non-negative safe integer; return it. @throws InvalidArgumentError otherwise. */
export function checkByteCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${String(value)}`)
  }
  return value
}

/**
 * Create the growable buffer of an arena that owns its memory.
 * @throws AllocationError when the runtime lacks resizable buffers or refuses the reservation.
 */
export function createGrowableBuffer(shared: boolean, initialByteLength: number, maxByteLength: number): GrowableBuffer {
  let buffer: GrowableBuffer
  try {
    if (shared) {
      if (typeof SharedArrayBuffer !== 'function') throw new TypeError('SharedArrayBuffer is not available here')
      buffer = new SharedArrayBuffer(initialByteLength, { maxByteLength })
    } else {
      buffer = new ArrayBuffer(initialByteLength, { maxByteLength })
    }
  } catch (cause) {
    throw new AllocationError(`could not create a growable ${shared ? 'SharedArrayBuffer' : 'ArrayBuffer'} of up to ${maxByteLength} bytes`, { cause })
  }
  const growable = shared ? (buffer as SharedArrayBuffer).growable : (buffer as ArrayBuffer).resizable
  if (growable !== true) {
    throw new AllocationError(`this runtime cannot grow a ${shared ? 'SharedArrayBuffer' : 'ArrayBuffer'} in place; pass a WebAssembly.Memory instead`)
  }
  return buffer
}

/**
 * The capacity to grow to so that `needed` bytes fit: at least double the current one (geometric, so n
 * allocations cost O(log n) grows), never past `max`, whole pages when `page` > 1.
 */
export function nextCapacity(capacity: number, needed: number, max: number, page: number): number {
  let next = Math.min(max, Math.max(needed, capacity * 2, DEFAULT_ARENA_INITIAL_BYTE_LENGTH))
  if (page > 1) next = Math.min(Math.floor(max / page) * page, Math.ceil(next / page) * page)
  return next
}

/**
 * Grow `buffer` (resizable or growable) or `memory` to `target` bytes; when that fails and `minimum` is
 * smaller, try `minimum` (a memory whose declared maximum is below the arena's limit still fills up).
 * @throws AllocationError with the engine's error as `cause` when neither fits.
 */
export function growBacking(
  buffer: GrowableBuffer,
  memory: WebAssembly.Memory | undefined,
  target: number,
  minimum: number,
): void {
  const attempt = (size: number): void => {
    if (memory !== undefined) {
      const current = memory.buffer.byteLength
      if (size > current) memory.grow(Math.ceil((size - current) / WASM_PAGE_SIZE))
    } else if (buffer instanceof ArrayBuffer) {
      buffer.resize(size)
    } else {
      buffer.grow(size)
    }
  }
  try {
    attempt(target)
  } catch (first) {
    if (minimum >= target) throw new AllocationError(`could not grow arena memory to ${target} bytes`, { cause: first })
    try {
      attempt(minimum)
    } catch (cause) {
      throw new AllocationError(`could not grow arena memory to ${minimum} bytes`, { cause })
    }
  }
}

/** Call every listener with `event`; when some throw, rethrow the first error after all have run. */
export function notifyGrow(listeners: ReadonlySet<(event: ArenaGrowEvent) => void>, event: ArenaGrowEvent): void {
  let failure: { error: unknown } | undefined
  for (const listener of [...listeners]) {
    try {
      listener(event)
    } catch (error) {
      failure ??= { error }
    }
  }
  if (failure !== undefined) throw failure.error
}

/**
 * Remembers the offset and length of views handed out over a memory that can detach them (a detached view
 * reports both as 0). Two WeakMaps with number values: below 1 GiB those are small integers stored
 * unboxed, so tracking allocates no object per view (packing both into one double would box it). Entries
 * go away with their views.
 */
export class ViewTracker {
  readonly #offsets = new WeakMap<ArrayBufferView, number>()
  readonly #lengths = new WeakMap<ArrayBufferView, number>()

  track(view: Uint8Array, offset: number, length: number): void {
    this.#offsets.set(view, offset)
    this.#lengths.set(view, length)
  }

  /** The offset `view` was handed out at, or undefined when it was not tracked. */
  offsetOf(view: ArrayBufferView): number | undefined {
    return this.#offsets.get(view)
  }

  /** The length `view` was handed out with; only for a view {@link offsetOf} knows. */
  lengthOf(view: ArrayBufferView): number {
    return this.#lengths.get(view)!
  }
}
