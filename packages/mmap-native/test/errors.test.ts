import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, truncateSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { LightstreamError } from '@lightstream/core'
import {
  mapFile, MmapChangedError, MmapError, MmapNotAFileError, MmapNotFoundError, type MapFileOptions,
} from '@lightstream/mmap-native'
import { describe, expect, it } from 'vitest'
import { patternBytes, suiteDir, writeFile } from './helpers'

const dir = suiteDir('errors')

function caught(attempt: () => unknown): unknown {
  try {
    attempt()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

const MODES: [string, MapFileOptions][] = [
  ['mmap, read-only', {}],
  ['mmap, read-write', { mode: 'rw' }],
  ['file reads', { fallback: 'always' }],
]

describe.each(MODES)('paths that are not files (%s)', (_, options) => {
  it('a missing file: MmapNotFoundError (ERR_MMAP_NOT_FOUND) with the system error as cause', () => {
    for (const path of [join(dir, 'missing.bin'), join(dir, 'no-such-dir', 'x.bin')]) {
      const error = caught(() => mapFile(path, options)) as MmapNotFoundError
      expect(error).toBeInstanceOf(MmapNotFoundError)
      expect(error).toBeInstanceOf(MmapError)
      expect(error).toBeInstanceOf(LightstreamError)
      expect(error.code).toBe('ERR_MMAP_NOT_FOUND')
      expect(error.path).toBe(path)
      expect((error.cause as { code?: string }).code).toBe('ENOENT')
    }
  })

  it('a path through a regular file (ENOTDIR) is not found either', () => {
    const file = writeFile(dir, 'plain.bin', patternBytes(4))
    expect((caught(() => mapFile(join(file, 'inside'), options)) as MmapError).code).toBe('ERR_MMAP_NOT_FOUND')
  })

  it('a directory: MmapNotAFileError (ERR_MMAP_NOT_A_FILE), kind directory', () => {
    const sub = join(dir, 'a-directory')
    mkdirSync(sub, { recursive: true })
    const error = caught(() => mapFile(sub, options)) as MmapNotAFileError
    expect(error).toBeInstanceOf(MmapNotAFileError)
    expect(error.code).toBe('ERR_MMAP_NOT_A_FILE')
    expect(error.kind).toBe('directory')
  })

  it('a FIFO is refused at once (no blocking open waiting for a writer), kind fifo', () => {
    const fifo = join(dir, `fifo-${options.mode ?? 'r'}-${options.fallback ?? 'auto'}`)
    execFileSync('mkfifo', [fifo])
    const error = caught(() => mapFile(fifo, options)) as MmapNotAFileError
    expect(error).toBeInstanceOf(MmapNotAFileError)
    expect(error.kind).toBe('fifo')
  })

  it('a character device such as /dev/null, kind character-device', () => {
    const error = caught(() => mapFile('/dev/null', options)) as MmapNotAFileError
    expect(error).toBeInstanceOf(MmapNotAFileError)
    expect(error.kind).toBe('character-device')
  })

  it('a Unix socket, kind socket', async () => {
    const path = join(dir, `sock-${options.mode ?? 'r'}-${options.fallback ?? 'auto'}`)
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path, resolve))
    try {
      const error = caught(() => mapFile(path, options)) as MmapNotAFileError
      expect(error).toBeInstanceOf(MmapNotAFileError)
      expect(error.kind).toBe('socket')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe.each(MODES)('a file that changes size underneath (%s)', (_, options) => {
  it('truncated: reads and writes are refused with MmapChangedError (ERR_MMAP_CHANGED), never a SIGBUS', () => {
    const path = writeFile(dir, `shrinks-${options.mode ?? 'r'}-${options.fallback ?? 'auto'}.bin`, patternBytes(3 * 4096))
    const file = mapFile(path, options)
    expect(file.read(8192, 10).length).toBe(10)
    truncateSync(path, 4096)
    const error = caught(() => file.read(8192, 10)) as MmapChangedError
    expect(error).toBeInstanceOf(MmapChangedError)
    expect(error.code).toBe('ERR_MMAP_CHANGED')
    expect(error.expectedSize).toBe(3 * 4096)
    expect(error.actualSize).toBe(4096)
    expect(() => file.read(0, 10)).toThrow(MmapChangedError)
    if (file.writable) expect(() => file.write(8192, Uint8Array.of(1))).toThrow(MmapChangedError)
    file.close()
  })

  it('grown: refused too (the contents are no longer what was opened)', () => {
    const path = writeFile(dir, `grows-${options.mode ?? 'r'}-${options.fallback ?? 'auto'}.bin`, patternBytes(100))
    const file = mapFile(path, options)
    appendFileSync(path, patternBytes(50))
    expect(() => file.read(0, 10)).toThrow(MmapChangedError)
    file.close()
  })

  it('checkSize: false skips the check (the caller takes the risk)', () => {
    const path = writeFile(dir, `unchecked-${options.mode ?? 'r'}-${options.fallback ?? 'auto'}.bin`, patternBytes(100))
    const file = mapFile(path, { ...options, checkSize: false })
    appendFileSync(path, patternBytes(50))
    expect(file.read(0, 100)).toEqual(patternBytes(100))
    file.close()
  })
})
