import { readFileSync } from 'node:fs'
import { MessageChannel } from 'node:worker_threads'
import { InvalidArgumentError, ReleasedMemoryError, TruncatedInputError } from '@lightstream/core'
import { addonStatus, mapFile, MmapClosedError, MmapReadOnlyError, type MappedFile } from '@lightstream/mmap-native'
import { describe, expect, it } from 'vitest'
import { patternBytes, suiteDir, writeFile } from './helpers'

const dir = suiteDir('map')

describe('the addon', () => {
  it('is built and loads in this checkout (the install script builds it)', () => {
    const status = addonStatus()
    expect(status.reason).toBeUndefined()
    expect(status.loaded).toBe(true)
    expect(status.path).toMatch(/build[/\\]Release[/\\]lightstream_mmap\.node$/)
  })
})

describe('mapFile, read-only', () => {
  const content = patternBytes(100_000)
  const path = writeFile(dir, 'pattern.bin', content)

  it('maps the whole file as one window and reads views of it', () => {
    const file = mapFile(path)
    try {
      expect(file.mode).toBe('mmap')
      expect(file.writable).toBe(false)
      expect(file.byteLength).toBe(100_000)
      expect(file.windows.length).toBe(1)
      expect(file.windows[0]!.offset).toBe(0)
      expect(file.windows[0]!.byteLength).toBe(100_000)
      const bytes = file.bytes!
      expect(bytes).toEqual(content)
      expect(bytes.byteOffset).toBe(0)

      const view = file.read(12_345, 1000)
      expect(view).toEqual(content.subarray(12_345, 13_345))
      expect(view.buffer).toBe(bytes.buffer) // a view into the mapping, not a copy
      expect(view.byteOffset).toBe(12_345)
      expect(file.read(100_000, 0).length).toBe(0)
      expect(file.read(99_999, 1)[0]).toBe(content[99_999])
      expect(file.stats).toEqual({ reads: 3, views: 3, copies: 0, copiedBytes: 0 })
    } finally {
      file.close()
    }
  })

  it('the mapping starts page-aligned, so aligned file offsets are aligned in memory', () => {
    const file = mapFile(path)
    // A Float64Array over the mapping at a multiple of 8 works without a copy.
    const f64 = new Float64Array(file.bytes!.buffer, 64, 10)
    expect(f64.length).toBe(10)
    expect(new Uint8Array(f64.buffer, 64, 8)).toEqual(content.subarray(64, 72))
    file.close()
  })

  it('refuses reads past the end and malformed ranges with coded errors', () => {
    const file = mapFile(path)
    expect(() => file.read(99_999, 2)).toThrow(TruncatedInputError)
    expect(() => file.read(-1, 2)).toThrow(InvalidArgumentError)
    expect(() => file.read(1.5, 2)).toThrow(InvalidArgumentError)
    expect(() => file.read(0, Number.NaN)).toThrow(InvalidArgumentError)
    expect(() => file.read('0' as unknown as number, 1)).toThrow(InvalidArgumentError)
    file.close()
  })

  it('a write through a view of a read-only mapping stays private: the file never changes', () => {
    const file = mapFile(path)
    const view = file.read(0, 4)
    view[0] = view[0]! ^ 0xff
    expect(file.read(0, 1)[0]).toBe(content[0]! ^ 0xff) // this process sees its own copy of the page
    file.close()
    expect(readFileSync(path)[0]).toBe(content[0])
    const again = mapFile(path)
    expect(again.read(0, 1)[0]).toBe(content[0])
    again.close()
  })

  it('write() on a read-only file is refused', () => {
    const file = mapFile(path)
    expect(() => file.write(0, Uint8Array.of(1))).toThrow(MmapReadOnlyError)
    file.flush() // nothing to flush: not an error
    file.close()
  })

  it('advise accepts the five hints over any range and refuses others', () => {
    const file = mapFile(path, { advice: 'sequential' })
    for (const advice of ['normal', 'sequential', 'random', 'willneed', 'populate'] as const) {
      file.advise(advice)
      file.advise(advice, 5000, 10_000)
    }
    expect(() => file.advise('dontneed' as 'normal')).toThrow(InvalidArgumentError)
    expect(() => file.advise('normal', 0, 200_000)).toThrow(TruncatedInputError)
    expect(file.read(50_000, 3)).toEqual(content.subarray(50_000, 50_003))
    file.close()
    expect(() => mapFile(path, { advice: 'often' as 'normal' })).toThrow(InvalidArgumentError)
  })

  it('an empty file maps to no windows and reads as empty', () => {
    const empty = writeFile(dir, 'empty.bin', new Uint8Array(0))
    const file = mapFile(empty, { advice: 'willneed' })
    expect(file.mode).toBe('mmap')
    expect(file.byteLength).toBe(0)
    expect(file.windows).toEqual([])
    expect(file.bytes!.length).toBe(0)
    expect(file.read(0, 0).length).toBe(0)
    expect(() => file.read(0, 1)).toThrow(TruncatedInputError)
    file.close()
  })

  it('accepts file: URLs', () => {
    const file = mapFile(new URL(`file://${path}`))
    expect(file.read(10, 2)).toEqual(content.subarray(10, 12))
    file.close()
  })
})

describe('close', () => {
  const content = patternBytes(64 * 1024, 11)
  const path = writeFile(dir, 'close.bin', content)

  it('detaches every view handed out: they read as empty instead of pointing at unmapped memory', () => {
    const file = mapFile(path)
    const whole = file.bytes!
    const part = file.read(4096, 100)
    const f64 = new Float64Array(whole.buffer, 8, 16)
    const window = file.windows[0]!
    expect(part[0]).toBe(content[4096])
    file.close()
    expect(file.closed).toBe(true)
    expect(whole.length).toBe(0)
    expect(part.length).toBe(0)
    expect(part[0]).toBeUndefined()
    expect(f64.length).toBe(0)
    expect(whole.buffer.byteLength).toBe(0)
    expect(() => window.bytes).toThrow(ReleasedMemoryError)
    expect(window.memory.released).toBe(true)
  })

  it('then refuses every operation with MmapClosedError (ERR_MMAP_CLOSED), and closing again does nothing', () => {
    const file = mapFile(path, { mode: 'rw' })
    file.close()
    file.close()
    const attempts: [string, () => unknown][] = [
      ['read', () => file.read(0, 1)],
      ['bytes', () => file.bytes],
      ['advise', () => file.advise('random')],
      ['write', () => file.write(0, Uint8Array.of(1))],
      ['flush', () => file.flush()],
    ]
    for (const [what, attempt] of attempts) {
      let caught: unknown
      try {
        attempt()
      } catch (error) {
        caught = error
      }
      expect(caught, what).toBeInstanceOf(MmapClosedError)
      expect((caught as MmapClosedError).code).toBe('ERR_MMAP_CLOSED')
      expect((caught as MmapClosedError).path).toBe(path)
    }
  })

  it('postMessage/structuredClone transfers never leave memory dangling: refused, copied, or moved and kept mapped', async () => {
    const file = mapFile(path)
    const buffer = file.bytes!.buffer as ArrayBuffer
    let clone: ArrayBuffer | undefined
    try {
      clone = structuredClone(buffer, { transfer: [buffer] })
    } catch {
      clone = undefined // counted buffers on Node 22+: "Cannot transfer object of unsupported type"
    }
    // Counted buffers are copied (Node 20) or refused; uncounted ones move (the clone now holds the mapping).
    const moved = buffer.byteLength === 0
    expect(moved).toBe(addonStatus().uncountedMappings === true && clone !== undefined)
    if (clone !== undefined) expect(new Uint8Array(clone)).toEqual(content)
    file.close() // a moved mapping cannot be unmapped yet: it lives until the clone is collected
    if (clone !== undefined) expect(new Uint8Array(clone)).toEqual(content)

    const second = mapFile(path)
    const other = second.bytes!.buffer as ArrayBuffer
    const channel = new MessageChannel()
    const received = new Promise<ArrayBuffer>((resolve) => channel.port2.once('message', resolve))
    let posted = true
    try {
      channel.port1.postMessage(other, [other])
    } catch {
      posted = false // refused: fine
    }
    second.close()
    if (posted) expect(new Uint8Array(await received)).toEqual(content) // copied, or moved and still mapped
    channel.port1.close()
    channel.port2.close()
  })

  it('a buffer moved away with ArrayBuffer.prototype.transfer (Node 22+) stays mapped after close, not dangling', () => {
    const file = mapFile(path)
    const buffer = file.bytes!.buffer as ArrayBuffer & { transfer?: () => ArrayBuffer }
    if (typeof buffer.transfer !== 'function') {
      file.close()
      return // Node 20 has no transfer()
    }
    const moved = buffer.transfer()
    file.close() // cannot unmap memory another buffer now holds: the mapping lives until `moved` is collected
    expect(new Uint8Array(moved)).toEqual(content)
  })

  it('works with `using` where Symbol.dispose exists', () => {
    const dispose = (Symbol as { dispose?: symbol }).dispose
    if (dispose === undefined) return
    const file = mapFile(path) as MappedFile & Record<symbol, () => void>
    const view = file.read(0, 10)
    file[dispose]!()
    expect(file.closed).toBe(true)
    expect(view.length).toBe(0)
  })
})

describe('mapFile, read-write', () => {
  it('writes through views and write() reach the file; flush syncs them', () => {
    const content = patternBytes(3 * 4096 + 17, 5)
    const path = writeFile(dir, 'rw.bin', content)
    const file = mapFile(path, { mode: 'rw' })
    expect(file.writable).toBe(true)
    const view = file.read(100, 4)
    view.set([1, 2, 3, 4])
    file.write(4090, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9, 9, 9)) // across a page edge
    file.flush()
    const onDisk = readFileSync(path)
    expect([...onDisk.subarray(100, 104)]).toEqual([1, 2, 3, 4])
    expect([...onDisk.subarray(4090, 4100)]).toEqual(new Array(10).fill(9))
    expect(onDisk[99]).toBe(content[99])
    expect(onDisk.length).toBe(content.length)
    expect(() => file.write(content.length - 1, Uint8Array.of(1, 2))).toThrow(TruncatedInputError)
    expect(() => file.write(0, [1] as unknown as Uint8Array)).toThrow(InvalidArgumentError)
    file.close()
  })
})

describe('options', () => {
  const path = writeFile(dir, 'options.bin', patternBytes(10))

  it('are checked', () => {
    expect(() => mapFile(path, { mode: 'w' as 'r' })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { fallback: 'sometimes' as 'auto' })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { windowSize: 1000 })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { windowSize: 0 })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { windowSize: 2 ** 60 })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { windowSize: 8192, windowOverlap: 8192 })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { windowSize: 8192, windowOverlap: 100 })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, { log: 'yes' as unknown as boolean })).toThrow(InvalidArgumentError)
    expect(() => mapFile(path, null as unknown as {})).toThrow(InvalidArgumentError)
    expect(() => mapFile(42 as unknown as string)).toThrow(InvalidArgumentError)
    expect(() => mapFile('')).toThrow(InvalidArgumentError)
    expect(() => mapFile('a\0b')).toThrow(InvalidArgumentError)
    expect(() => mapFile(new URL('https://example.com/x'))).toThrow(InvalidArgumentError)
  })
})

describe('huge-page alignment', () => {
  const MiB = 1024 * 1024
  /** Start addresses of this process's mappings of `path`, with the file offset each maps. */
  function mappingsOf(path: string): { start: bigint; offset: bigint }[] {
    return readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.endsWith(path)).map((line) => {
      const [range, , offset] = line.split(/\s+/)
      return { start: BigInt(`0x${range!.split('-')[0]}`), offset: BigInt(`0x${offset}`) }
    })
  }

  it.skipIf(process.platform !== 'linux')('maps files of 2 MiB and more at addresses congruent to their file offset modulo 2 MiB', () => {
    const content = patternBytes(5 * MiB + 12_345, 7)
    const path = writeFile(dir, 'huge.bin', content)
    // One window, and several windows at page-aligned (not 2 MiB-aligned) offsets.
    for (const options of [{}, { windowSize: 3 * MiB, windowOverlap: 4096 }]) {
      const file = mapFile(path, options)
      try {
        const maps = mappingsOf(path)
        expect(maps.length).toBe(file.windows.length)
        for (const { start, offset } of maps) expect(start % BigInt(2 * MiB)).toBe(offset % BigInt(2 * MiB))
        expect(Buffer.compare(file.read(0, content.length), content)).toBe(0)
      } finally {
        file.close()
      }
      expect(mappingsOf(path).length).toBe(0)
    }
  })

  it.skipIf(process.platform !== 'linux')('maps small files anywhere (page-aligned) and reads them the same', () => {
    const content = patternBytes(MiB, 8)
    const path = writeFile(dir, 'small.bin', content)
    const file = mapFile(path)
    expect(mappingsOf(path).length).toBe(1)
    expect(Buffer.compare(file.bytes!, content)).toBe(0)
    file.close()
  })
})
