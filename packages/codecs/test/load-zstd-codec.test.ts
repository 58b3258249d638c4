import { defaultCodecs, loadDefaultCodecs, loadZstdCodec } from '@lightstream/codecs'
import { AbortError, InvalidArgumentError, MissingDependencyError } from '@lightstream/core'
import { describe, expect, it } from 'vitest'
import { fixtureInput, sameBytes } from './fixture-input'

const missing = (specifier: string) => Promise.reject(new Error(`Cannot find package '${specifier}'`))

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('loadZstdCodec', () => {
  it("'napi' or 'wasm' that cannot be loaded: MissingDependencyError naming that package, with the loader's error as cause", async () => {
    for (const [encoder, packageName] of [
      ['napi', 'zstd-napi'],
      ['wasm', '@bokuweb/zstd-wasm'],
    ] as const) {
      const err = (await rejection(loadZstdCodec({ encoder, importModule: missing }))) as MissingDependencyError
      expect(err).toBeInstanceOf(MissingDependencyError)
      expect(err.packageName).toBe(packageName)
      expect(err.message).toContain(packageName)
      expect((err.cause as Error).message).toContain(packageName)
    }
  })

  it("'auto' with nothing installed gives a decode-only codec instead of failing", async () => {
    const codec = await loadZstdCodec({ importModule: missing })
    expect(codec.name).toBe('zstd')
    expect(() => codec.encode(new Uint8Array(1))).toThrow(MissingDependencyError)
  })

  it("'auto' prefers zstd-napi and passes the level as compressionLevel", async () => {
    const calls: unknown[] = []
    const frame = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00) // empty frame
    const fakeNapi = {
      compress: (data: Uint8Array, parameters: unknown) => {
        calls.push(parameters)
        return frame
      },
    }
    const codec = await loadZstdCodec({ level: 5, importModule: async (s) => (s === 'zstd-napi' ? { default: fakeNapi } : missing(s)) })
    expect(codec.encode(new Uint8Array(0))).toBe(frame)
    expect(calls).toEqual([{ compressionLevel: 5 }])
  })

  it("'auto' falls back to @bokuweb/zstd-wasm when zstd-napi does not load", async () => {
    const codec = await loadZstdCodec({ importModule: (s) => (s === 'zstd-napi' ? missing(s) : import('@bokuweb/zstd-wasm')) })
    const data = fixtureInput(10_000)
    const packed = codec.encode(data)
    expect(packed.length).toBeLessThan(data.length / 2)
    expect(sameBytes(codec.decode(packed, data.length), data)).toBe(true)
  })

  it("'wasm' with the default loader (the dev install has @bokuweb/zstd-wasm)", async () => {
    const codec = await loadZstdCodec({ encoder: 'wasm' })
    const data = fixtureInput(5000)
    expect(sameBytes(codec.decode(codec.encode(data), 5000), data)).toBe(true)
  })

  it("'none' never loads anything", async () => {
    const codec = await loadZstdCodec({ encoder: 'none', importModule: () => Promise.reject(new Error('must not be called')) })
    expect(() => codec.encode(new Uint8Array(1))).toThrow(MissingDependencyError)
  })

  it('honours an aborted signal and rejects an unknown encoder', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    expect(await rejection(loadZstdCodec({ signal: controller.signal }))).toBeInstanceOf(AbortError)
    expect(await rejection(loadZstdCodec({ encoder: 'brotli' as never }))).toBeInstanceOf(InvalidArgumentError)
  })
})

describe('defaultCodecs and loadDefaultCodecs', () => {
  it('defaultCodecs: lz4_frame (both ways) and zstd (decode-only), synchronously', () => {
    const [lz4, zstd] = defaultCodecs()
    expect([lz4!.name, zstd!.name]).toEqual(['lz4_frame', 'zstd'])
    const data = fixtureInput(2000)
    expect(sameBytes(lz4!.decode(lz4!.encode(data), 2000), data)).toBe(true)
    expect(() => zstd!.encode(data)).toThrow(MissingDependencyError)
  })

  it('defaultCodecs shares limits between both codecs', () => {
    for (const codec of defaultCodecs({ maxUncompressedLength: 10 })) {
      expect(() => codec.decode(new Uint8Array(4), 11)).toThrow(/maxUncompressedLength/)
    }
  })

  it('loadDefaultCodecs: both codecs encode when a zstd compressor is installed', async () => {
    const codecs = await loadDefaultCodecs({ encoder: 'wasm' })
    expect(codecs.map((c) => c.name)).toEqual(['lz4_frame', 'zstd'])
    const data = fixtureInput(3000)
    for (const codec of codecs) expect(sameBytes(codec.decode(codec.encode(data), 3000), data)).toBe(true)
  })
})

describe('loadZstdCodec initialises @bokuweb/zstd-wasm once', () => {
  // @bokuweb/zstd-wasm 0.0.27 breaks when init() runs twice (the second resolves before the new instance is ready).
  it('skips init when the application already initialised the package, and inits a fresh one exactly once', async () => {
    const real = (await import('@bokuweb/zstd-wasm')) as unknown as { init: () => Promise<void>; compress: (b: Uint8Array, l: number) => Uint8Array }
    await loadZstdCodec({ encoder: 'wasm' }) // makes sure the real package is initialised
    let inits = 0
    const ready = { init: async () => void inits++, compress: real.compress }
    await loadZstdCodec({ encoder: 'wasm', importModule: async () => ready })
    expect(inits).toBe(0)

    let live = false
    const fresh = {
      init: async () => {
        inits++
        live = true
      },
      compress: (b: Uint8Array, l: number) => {
        if (!live) throw new TypeError('wasm exports missing')
        return real.compress(b, l)
      },
    }
    const a = await loadZstdCodec({ encoder: 'wasm', importModule: async () => fresh })
    const b = await loadZstdCodec({ encoder: 'wasm', importModule: async () => fresh })
    expect(inits).toBe(1)
    const data = fixtureInput(1000)
    expect(sameBytes(b.decode(a.encode(data), 1000), data)).toBe(true)
  })
})
