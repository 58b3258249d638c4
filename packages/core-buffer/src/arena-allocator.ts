import { AllocationError, InvalidArgumentError, OutOfRangeError, type Allocator } from '@lightstream/core'
import { DEFAULT_ALIGNMENT, alignUp, checkAlignment } from './aligned-alloc'
import {
  ArenaBacking, DEFAULT_ARENA_INITIAL_BYTE_LENGTH, DEFAULT_ARENA_MAX_BYTE_LENGTH, WASM_MAX_BYTE_LENGTH, WASM_PAGE_SIZE,
  ViewTracker, checkByteCount, createGrowableBuffer, growBacking, nextCapacity, notifyGrow,
  type ArenaBackingValue, type ArenaGrowEvent, type GrowableBuffer,
} from './arena-backing'

/** Options for {@link ArenaAllocator}. Pass `memory` to allocate in a WebAssembly memory, or nothing for a private one. */
export interface ArenaAllocatorOptions {
  /** Allocate inside this WebAssembly memory (its current size is the starting capacity). Excludes `shared` and `initialByteLength`. */
  memory?: WebAssembly.Memory
  /** Without `memory`: back the arena with a growable SharedArrayBuffer instead of a resizable ArrayBuffer. */
  shared?: boolean
  /** Without `memory`: starting capacity in bytes. Defaults to 64 KiB (capped by `maxByteLength`). */
  initialByteLength?: number
  /** The capacity never grows past this; an allocation that would need more throws. Defaults to 1 GiB. */
  maxByteLength?: number
  /** First offset the arena may use; the bytes below it are left alone (a wasm module's own data and stack). Defaults to 0. */
  baseOffset?: number
}

/**
 * A bump allocator over one growable memory, so data lands where a WebAssembly kernel can read it in place:
 * every allocation is an offset (its wasm pointer, {@link ArenaAllocator.offsetOf}) into the same memory.
 *
 * Memory is only taken, never given back one allocation at a time; {@link ArenaAllocator.reset} frees
 * everything at once. Capacity grows geometrically (at least doubling) up to `maxByteLength`.
 *
 * With a non-shared `WebAssembly.Memory`, every grow (the arena's or the module's own `memory.grow`) detaches
 * the old `ArrayBuffer`: views handed out before become length 0. The arena bumps {@link generation}, tells
 * {@link onGrow} listeners, and {@link refresh} re-derives a live view of the same bytes. Resizable and
 * growable buffers grow in place and never detach.
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 1 })
 * const arena = new ArenaAllocator({ memory })
 * const column = arena.alloc(1024)       // zeroed, offset a multiple of 64
 * const pointer = arena.offsetOf(column)  // pass to a wasm kernel
 * arena.alloc(1 << 20)                    // grows the memory: `column` is now detached
 * arena.refresh(column)                   // a live view of the same 1024 bytes
 * ```
 */
export class ArenaAllocator implements Allocator {
  /** What the memory is (see {@link ArenaBacking}). */
  readonly backing: ArenaBackingValue
  /** The WebAssembly memory, when the arena allocates in one. */
  readonly memory: WebAssembly.Memory | undefined
  /** The capacity limit in bytes (whole pages for a WebAssembly memory). */
  readonly maxByteLength: number
  /** The first offset the arena hands out. */
  readonly baseOffset: number
  #buffer: GrowableBuffer
  #capacity: number
  #top: number
  /** Bytes below this may hold old data (handed out before a reset, or present at construction). */
  #dirty: number
  #generation = 0
  readonly #detaches: boolean
  /** Only a detaching memory needs it: a detached view reports offset and length 0. */
  readonly #tracker: ViewTracker | undefined
  readonly #retired = new WeakSet<GrowableBuffer>()
  readonly #listeners = new Set<(event: ArenaGrowEvent) => void>()

  /** @throws InvalidArgumentError for bad options; AllocationError when the memory cannot be created. */
  constructor(options: ArenaAllocatorOptions = {}) {
    const { memory } = options
    const max = checkByteCount(options.maxByteLength ?? DEFAULT_ARENA_MAX_BYTE_LENGTH, 'maxByteLength')
    this.baseOffset = checkByteCount(options.baseOffset ?? 0, 'baseOffset')
    if (memory !== undefined) {
      if (typeof WebAssembly !== 'object' || !(memory instanceof WebAssembly.Memory)) throw new InvalidArgumentError('memory must be a WebAssembly.Memory')
      if (options.shared !== undefined || options.initialByteLength !== undefined) {
        throw new InvalidArgumentError('shared and initialByteLength apply only to an arena without memory')
      }
      if (max > WASM_MAX_BYTE_LENGTH) throw new InvalidArgumentError(`maxByteLength of a WebAssembly memory is at most ${WASM_MAX_BYTE_LENGTH}, got ${max}`)
      this.backing = ArenaBacking.WasmMemory
      this.memory = memory
      this.#buffer = memory.buffer
      this.maxByteLength = Math.floor(max / WASM_PAGE_SIZE) * WASM_PAGE_SIZE
      this.#detaches = !(this.#buffer instanceof ArrayBuffer) ? false : !this.#buffer.resizable
      this.#dirty = this.#buffer.byteLength
    } else {
      const initial = checkByteCount(options.initialByteLength ?? Math.min(DEFAULT_ARENA_INITIAL_BYTE_LENGTH, max), 'initialByteLength')
      if (initial > max) throw new InvalidArgumentError(`initialByteLength ${initial} exceeds maxByteLength ${max}`)
      const shared = options.shared === true
      this.backing = shared ? ArenaBacking.SharedArrayBuffer : ArenaBacking.ArrayBuffer
      this.memory = undefined
      this.#buffer = createGrowableBuffer(shared, initial, max)
      this.maxByteLength = max
      this.#detaches = false
      this.#dirty = 0
    }
    this.#capacity = this.#buffer.byteLength
    if (this.#capacity > this.maxByteLength) throw new InvalidArgumentError(`the memory already holds ${this.#capacity} bytes, more than maxByteLength ${this.maxByteLength}`)
    if (this.baseOffset > this.maxByteLength) throw new InvalidArgumentError(`baseOffset ${this.baseOffset} exceeds maxByteLength ${this.maxByteLength}`)
    this.#top = this.baseOffset
    this.#tracker = this.#detaches ? new ViewTracker() : undefined
  }

  /** The buffer views are built on now. A non-shared WebAssembly memory replaces it on every grow. */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    this.#sync()
    return this.#buffer
  }

  /** Bytes of memory there are now (absolute, including the part below `baseOffset`). */
  get capacity(): number {
    this.#sync()
    return this.#capacity
  }

  /** The bump pointer: the end offset of the last allocation, including alignment padding; `baseOffset` when empty. */
  get byteLength(): number {
    return this.#top
  }

  /** Bumps each time a grow detached the views handed out before (only with a non-shared WebAssembly memory). */
  get generation(): number {
    this.#sync()
    return this.#generation
  }

  /**
   * Allocate `byteLength` zeroed bytes at an offset that is a multiple of `alignment`. O(1) plus the zero
   * fill of bytes reused after a reset (fresh memory is zero already); grows the memory when needed. Over a
   * non-shared WebAssembly memory it also records the view in WeakMaps for {@link refresh} (a few µs).
   * @throws InvalidArgumentError for a bad length or alignment; AllocationError past `maxByteLength` or
   * when the engine refuses to grow.
   */
  alloc(byteLength: number, alignment: number = DEFAULT_ALIGNMENT): Uint8Array {
    checkAlignment(alignment)
    checkByteCount(byteLength, 'byteLength')
    this.#sync()
    const start = alignUp(this.#top, alignment)
    const end = start + byteLength
    if (end > this.#capacity) this.#grow(end)
    const view = new Uint8Array(this.#buffer, start, byteLength)
    if (start < this.#dirty) view.fill(0, 0, Math.min(byteLength, this.#dirty - start))
    this.#top = end
    this.#tracker?.track(view, start, byteLength)
    return view
  }

  /**
   * The byte offset of `view` inside the memory: the pointer a WebAssembly kernel reads it at. O(1); works
   * for a detached allocation too.
   * @throws InvalidArgumentError when `view` is not in this arena's memory, or is detached and was not
   * returned by `alloc`, `view` or `refresh` (take a sub-view's offset before the memory grows).
   */
  offsetOf(view: ArrayBufferView): number {
    const tracked = this.#tracker?.offsetOf(view)
    if (tracked !== undefined) return tracked
    if (!ArrayBuffer.isView(view)) throw this.#foreign(view)
    this.#sync()
    if (view.buffer === this.#buffer || (!this.#detaches && this.#retired.has(view.buffer as GrowableBuffer))) return view.byteOffset
    throw this.#foreign(view)
  }

  /**
   * A view of `length` bytes at `offset` over the current buffer (data a kernel wrote, for instance). No copy.
   * @throws OutOfRangeError when the range is not inside the memory's current capacity.
   */
  view(offset: number, length: number): Uint8Array {
    this.#sync()
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.#capacity) {
      throw new OutOfRangeError(`view(${offset}, ${length}) is outside the arena's ${this.#capacity} bytes`)
    }
    const view = new Uint8Array(this.#buffer, offset, length)
    if (offset + length > this.#dirty) this.#dirty = offset + length // whoever holds it may write there
    this.#tracker?.track(view, offset, length)
    return view
  }

  /**
   * A live view of the same bytes as `view`: `view` itself when it is still valid, otherwise a new view over
   * the current buffer (which can itself be refreshed later). O(1).
   * @throws InvalidArgumentError when `view` is not from this arena (see {@link offsetOf}).
   */
  refresh(view: Uint8Array): Uint8Array {
    if (!ArrayBuffer.isView(view)) throw this.#foreign(view)
    this.#sync()
    if (view.buffer === this.#buffer) return view
    const offset = this.#tracker?.offsetOf(view)
    if (offset !== undefined) return this.view(offset, this.#tracker!.lengthOf(view))
    if (!this.#detaches && this.#retired.has(view.buffer as GrowableBuffer)) return view
    throw this.#foreign(view)
  }

  /**
   * Call `listener` after every grow, the arena's own or the module's. Returns the function that unsubscribes.
   * A listener that throws does not stop the others; the first error is rethrown afterwards from the call that
   * noticed the grow, with the arena consistent (repeat the call).
   */
  onGrow(listener: (event: ArenaGrowEvent) => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('onGrow expects a function')
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }

  /**
   * Free every allocation at once; capacity is kept. O(1): bytes are zeroed lazily when handed out again.
   * Views handed out before stay readable and then alias the new allocations' data: drop them first.
   */
  reset(): void {
    if (this.#top > this.#dirty) this.#dirty = this.#top
    this.#top = this.baseOffset
  }

  #grow(needed: number): void {
    if (needed > this.maxByteLength) {
      throw new AllocationError(`the arena needs ${needed} bytes but its maxByteLength is ${this.maxByteLength}`)
    }
    const page = this.memory === undefined ? 1 : WASM_PAGE_SIZE
    const target = nextCapacity(this.#capacity, needed, this.maxByteLength, page)
    growBacking(this.#buffer, this.memory, target, Math.ceil(needed / page) * page)
    this.#adopt(this.memory === undefined ? this.#buffer : this.memory.buffer, false)
  }

  #foreign(view: ArrayBufferView): InvalidArgumentError {
    return new InvalidArgumentError(ArrayBuffer.isView(view) && this.#retired.has(view.buffer as GrowableBuffer)
      ? 'the view was detached by a grow and was not handed out by this arena, so its offset is lost'
      : 'the view is not in this arena\'s memory')
  }

  /** Notice a grow the WebAssembly module made on its own. */
  #sync(): void {
    if (this.memory !== undefined && this.memory.buffer !== this.#buffer) this.#adopt(this.memory.buffer, true)
  }

  #adopt(buffer: GrowableBuffer, external: boolean): void {
    const previousCapacity = this.#capacity
    const detached = buffer !== this.#buffer && this.#detaches
    if (buffer !== this.#buffer) this.#retired.add(this.#buffer)
    this.#buffer = buffer
    this.#capacity = buffer.byteLength
    if (detached) this.#generation++
    if (external) this.#dirty = this.#capacity // the module may have written its new pages
    if (this.#listeners.size === 0) return
    notifyGrow(this.#listeners, { previousCapacity, capacity: this.#capacity, generation: this.#generation, detached, external })
  }
}
