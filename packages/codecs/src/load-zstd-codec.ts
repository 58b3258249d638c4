import { AbortError, InvalidArgumentError, MissingDependencyError, type Codec } from '@lightstream/core'
import { zstdCodec, type ZstdCodecOptions, type ZstdCompress, type ZstdDecompressInto } from './zstd-codec'

/**
 * Which zstd compressor {@link loadZstdCodec} wires in:
 * - `'napi'`: [zstd-napi](https://www.npmjs.com/package/zstd-napi), native libzstd, Node only, fastest;
 * - `'wasm'`: [@bokuweb/zstd-wasm](https://www.npmjs.com/package/@bokuweb/zstd-wasm), libzstd in
 *   WebAssembly, Node and browsers (loads a ~300 KB wasm file at init);
 * - `'auto'`: `'napi'` if it loads, else `'wasm'` if it loads, else none (decode-only, never throws);
 * - `'none'`: decode-only.
 */
export type ZstdEncoderChoice = 'auto' | 'napi' | 'wasm' | 'none'

/** Options of {@link loadZstdCodec}. */
export interface LoadZstdCodecOptions extends Omit<ZstdCodecOptions, 'compress' | 'decompress'> {
  /** Default `'auto'`. */
  encoder?: ZstdEncoderChoice
  /**
   * How an optional package is loaded; called with `'zstd-napi'`, `'zstd-napi/binding'` (its libzstd
   * decompressor) and `'@bokuweb/zstd-wasm'`. Default: a runtime `import(specifier)` that bundlers leave
   * alone. Bundled browser apps pass their own, e.g. `() => import('@bokuweb/zstd-wasm')` with `encoder: 'wasm'`.
   */
  importModule?: (specifier: string) => Promise<unknown>
  /** Passed to `@bokuweb/zstd-wasm`'s `init(path)` in browsers: where its `zstd.wasm` is served. */
  wasmPath?: string
  /** Aborts the load; checked on entry and after each await. */
  signal?: AbortSignal
}

const NAPI = 'zstd-napi'
const WASM = '@bokuweb/zstd-wasm'

const runtimeImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)

type Loaded = { compress: ZstdCompress; decompress?: ZstdDecompressInto } | { missing: MissingDependencyError }

/**
 * Builds the `'zstd'` codec with a compressor found at run time: the optional peer packages are imported
 * on demand, so applications that only read never load them. Decoding always uses fzstd (see
 * {@link zstdCodec}).
 *
 * @returns a Codec whose `encode` works unless `encoder` is `'none'` (or `'auto'` found nothing).
 * @throws {MissingDependencyError} `encoder` is `'napi'` or `'wasm'` and that package cannot be loaded
 *   (`packageName` says which; `cause` holds the loader's error).
 * @throws {AbortError} `signal` aborted.
 * @throws {InvalidArgumentError} an unknown `encoder`, or invalid codec options.
 *
 * @example
 * ```ts
 * const zstd = await loadZstdCodec() // zstd-napi on Node when installed, else @bokuweb/zstd-wasm, else decode-only
 * const packed = zstd.encode(bytes)
 * ```
 */
export async function loadZstdCodec(options: LoadZstdCodecOptions = {}): Promise<Codec> {
  const { encoder = 'auto', importModule = runtimeImport, wasmPath, signal, ...codecOptions } = options
  checkSignal(signal)
  if (encoder === 'none') return zstdCodec(codecOptions)
  if (encoder !== 'auto' && encoder !== 'napi' && encoder !== 'wasm') {
    throw new InvalidArgumentError(`zstd: encoder must be 'auto', 'napi', 'wasm' or 'none', got ${String(encoder)}`)
  }
  let loaded: Loaded | undefined
  if (encoder !== 'wasm') {
    loaded = await loadNapi(importModule)
    checkSignal(signal)
    if ('compress' in loaded) return zstdCodec({ ...codecOptions, compress: loaded.compress, decompress: loaded.decompress })
    if (encoder === 'napi') throw loaded.missing
  }
  loaded = await loadWasm(importModule, wasmPath)
  checkSignal(signal)
  if ('compress' in loaded) return zstdCodec({ ...codecOptions, compress: loaded.compress, decompress: loaded.decompress })
  if (encoder === 'wasm') throw loaded.missing
  return zstdCodec(codecOptions)
}

async function loadNapi(importModule: (specifier: string) => Promise<unknown>): Promise<Loaded> {
  try {
    const fn = exportOf(await importModule(NAPI), 'compress')
    if (typeof fn !== 'function') throw new TypeError(`${NAPI} has no compress export`)
    const compress = fn as (data: Uint8Array, parameters?: { compressionLevel?: number }) => Uint8Array
    return { compress: (bytes, level) => compress(bytes, { compressionLevel: level }), decompress: await napiDecompress(importModule) }
  } catch (cause) {
    return { missing: new MissingDependencyError(NAPI, 'zstd encoding with native libzstd', { cause }) }
  }
}

async function loadWasm(importModule: (specifier: string) => Promise<unknown>, wasmPath: string | undefined): Promise<Loaded> {
  try {
    const module = await importModule(WASM)
    const init = exportOf(module, 'init')
    const compress = exportOf(module, 'compress')
    if (typeof init !== 'function' || typeof compress !== 'function') throw new TypeError(`${WASM} has no init/compress exports`)
    await initWasmOnce(init as (path?: string) => Promise<void>, compress as ZstdCompress, wasmPath)
    const decompress = exportOf(module, 'decompress')
    return { compress: compress as ZstdCompress, ...(typeof decompress === 'function' ? { decompress: wasmDecompress(decompress as WasmDecompress) } : {}) }
  } catch (cause) {
    return { missing: new MissingDependencyError(WASM, 'zstd encoding with libzstd in WebAssembly', { cause }) }
  }
}

/**
 * libzstd's `ZSTD_decompressDCtx` from zstd-napi's low-level binding: writes straight into the target (no
 * copy) and fails when the frame does not fit. Undefined (fzstd decodes) when the binding does not load.
 */
async function napiDecompress(importModule: (specifier: string) => Promise<unknown>): Promise<ZstdDecompressInto | undefined> {
  try {
    const DCtx = exportOf(await importModule(`${NAPI}/binding`), 'DCtx') as (new () => { decompress(dst: Uint8Array, src: Uint8Array): number }) | undefined
    if (typeof DCtx !== 'function') return undefined
    const context = new DCtx()
    return (frame, target) => context.decompress(target, frame)
  } catch {
    return undefined
  }
}

type WasmDecompress = (bytes: Uint8Array, options?: { defaultHeapSize: number }) => Uint8Array

/**
 * @bokuweb/zstd-wasm's `decompress`: it sizes its wasm buffer from the frame's content size, or from
 * `defaultHeapSize` (the room left) when the frame has none, and libzstd fails beyond it. Its result is a
 * copy out of the wasm heap, copied once more into the target.
 */
function wasmDecompress(decompress: WasmDecompress): ZstdDecompressInto {
  return (frame, target) => {
    const bytes = decompress(frame, { defaultHeapSize: target.length })
    if (bytes.length > target.length) throw new RangeError(`zstd frame expands to ${bytes.length} bytes, beyond the ${target.length} declared`)
    target.set(bytes)
    return bytes.length
  }
}

/** One initialisation per instance of @bokuweb/zstd-wasm, keyed by its `init` function. */
const wasmReady = new WeakMap<object, Promise<void>>()

/**
 * Initialises @bokuweb/zstd-wasm once. Its `init()` (0.0.27) must not run twice: a second call starts a new
 * WebAssembly instantiation but resolves at once, so `compress` may run on a half-replaced module. So this
 * probes first (before `init`, `compress` throws because the wasm exports are missing) and skips `init` when
 * the application has already initialised the package, and it remembers its own initialisation.
 */
function initWasmOnce(init: (path?: string) => Promise<void>, compress: ZstdCompress, wasmPath: string | undefined): Promise<void> {
  let ready = wasmReady.get(init)
  if (ready === undefined) {
    ready = initialised(compress) ? Promise.resolve() : init(...(wasmPath === undefined ? [] : [wasmPath]))
    wasmReady.set(init, ready)
    ready.catch(() => wasmReady.delete(init))
  }
  return ready
}

function initialised(compress: ZstdCompress): boolean {
  try {
    const frame = compress(new Uint8Array(0), 1)
    return frame instanceof Uint8Array && frame.length >= 4 && frame[0] === 0x28 && frame[1] === 0xb5
  } catch {
    return false
  }
}

/** A named export of an ES module or of a CommonJS module seen through `default`. */
function exportOf(module: unknown, name: string): unknown {
  if (module === null || typeof module !== 'object') return undefined
  const record = module as Record<string, unknown>
  if (record[name] !== undefined) return record[name]
  const fallback = record.default
  return fallback !== null && typeof fallback === 'object' ? (fallback as Record<string, unknown>)[name] : undefined
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('Loading the zstd codec was aborted', { cause: signal.reason })
}
