import { ErrorCode, InvalidArgumentError, LightstreamError, OutOfRangeError, ReleasedMemoryError } from '@lightstream/core'
import { ExternalMemory } from '@lightstream/core-buffer'
import { describe, expect, it } from 'vitest'

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

describe('ExternalMemory', () => {
  it('hands out views of the memory it was given, without copying', () => {
    const mapped = new Uint8Array(new ArrayBuffer(64), 16, 32).fill(3)
    const owner = { handle: 7 }
    const mem = new ExternalMemory(mapped, { owner, name: 'data.arrows' })
    expect(mem.bytes).toBe(mapped)
    expect(mem.byteLength).toBe(32)
    expect(mem.owner).toBe(owner)
    expect(mem.name).toBe('data.arrows')
    expect(mem.released).toBe(false)
    const view = mem.view(4, 8)
    expect(view.buffer).toBe(mapped.buffer)
    expect(view.byteOffset).toBe(20)
    expect(view.byteLength).toBe(8)
    view[0] = 9
    expect(mapped[4]).toBe(9)
    expect(mem.view(32, 0).byteLength).toBe(0)
  })

  it('wraps a whole ArrayBuffer', () => {
    const buffer = new ArrayBuffer(10)
    const mem = new ExternalMemory(buffer)
    expect(mem.bytes.buffer).toBe(buffer)
    expect(mem.byteLength).toBe(10)
    expect(mem.name).toBe('external memory')
    expect(mem.owner).toBeUndefined()
  })

  it.each([[30, 3], [-1, 2], [0, 33], [1.5, 1], [0, -1], [Number.NaN, 1]])('view(%s, %s) throws OutOfRangeError', (offset, length) => {
    const mem = new ExternalMemory(new Uint8Array(32), { name: 'map.bin' })
    const err = thrown(() => mem.view(offset, length))
    expect(err).toBeInstanceOf(OutOfRangeError)
    expect((err as OutOfRangeError).code).toBe(ErrorCode.OutOfRange)
    expect((err as Error).message).toContain('map.bin')
  })

  it('release() is idempotent: the hook runs exactly once and access then throws ReleasedMemoryError', () => {
    let calls = 0
    const mem = new ExternalMemory(new Uint8Array(8), { owner: {}, name: 'seg', release: () => calls++ })
    mem.release()
    mem.release()
    expect(calls).toBe(1)
    expect(mem.released).toBe(true)
    expect(mem.byteLength).toBe(0)
    expect(mem.owner).toBeUndefined()
    for (const access of [() => mem.bytes, () => mem.view(0, 1)]) {
      const err = thrown(access)
      expect(err).toBeInstanceOf(ReleasedMemoryError)
      expect(err).toBeInstanceOf(LightstreamError)
      expect((err as ReleasedMemoryError).code).toBe(ErrorCode.Released)
      expect((err as Error).message).toContain('seg')
    }
  })

  it('sees itself released from inside the hook', () => {
    let seen: boolean | undefined
    const mem: ExternalMemory = new ExternalMemory(new Uint8Array(8), { release: () => (seen = mem.released) })
    mem.release()
    expect(seen).toBe(true)
  })

  it('a hook that throws leaves the memory released and rethrows its error unchanged', () => {
    class UnmapError extends Error {}
    let calls = 0
    const mem = new ExternalMemory(new Uint8Array(8), {
      release: () => {
        calls++
        throw new UnmapError('munmap failed')
      },
    })
    expect(() => mem.release()).toThrow(UnmapError)
    expect(mem.released).toBe(true)
    mem.release()
    expect(calls).toBe(1)
    expect(() => mem.bytes).toThrow(ReleasedMemoryError)
  })

  it('is disposable where the runtime has Symbol.dispose', () => {
    const dispose = (Symbol as { dispose?: symbol }).dispose
    expect(typeof dispose).toBe('symbol') // Node 20 has it
    let calls = 0
    const mem = new ExternalMemory(new Uint8Array(4), { release: () => calls++ })
    const disposer = (mem as unknown as Record<symbol, () => void>)[dispose!]
    expect(typeof disposer).toBe('function')
    disposer!.call(mem)
    disposer!.call(mem)
    expect(mem.released).toBe(true)
    expect(calls).toBe(1)
  })

  it('rejects what is not memory, and a release hook that is not a function', () => {
    for (const bad of [[1, 2], 'bytes', new DataView(new ArrayBuffer(2)), null]) {
      expect(() => new ExternalMemory(bad as unknown as Uint8Array)).toThrow(InvalidArgumentError)
    }
    expect(() => new ExternalMemory(new Uint8Array(1), { release: 5 as unknown as () => void })).toThrow(InvalidArgumentError)
  })
})
