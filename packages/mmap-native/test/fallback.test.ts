import { join } from 'node:path'
import { tableFromArrays } from '@lightstream/core'
import { tableToIPC } from '@lightstream/ipc'
import { mapFile, MmapUnavailableError } from '@lightstream/mmap-native'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { patternBytes, suiteDir, writeFile } from './helpers'

const dir = suiteDir('fallback')
const content = patternBytes(50_000, 9)
const path = writeFile(dir, 'data.bin', content)

type Module = typeof import('@lightstream/mmap-native')

/** A fresh copy of the package (its addon loader state reset) with `env` set while it loads. */
async function freshModule(env: Record<string, string>): Promise<Module> {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v)
  vi.resetModules()
  return (await import('@lightstream/mmap-native')) as Module
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe("fallback: 'always' (file reads even though the addon is loaded)", () => {
  it('reads the same bytes as copies into aligned memory, with the same API', () => {
    const file = mapFile(path, { fallback: 'always' })
    expect(file.mode).toBe('read')
    expect(file.windows).toEqual([])
    expect(file.bytes).toBeUndefined()
    const part = file.read(1234, 5000)
    expect(part).toEqual(content.subarray(1234, 6234))
    expect(part.byteOffset % 64).toBe(0)
    expect(file.read(0, 0).length).toBe(0)
    file.advise('sequential') // accepted, nothing to do
    expect(file.stats).toEqual({ reads: 2, views: 0, copies: 2, copiedBytes: 5000 })
    file.close()
    expect(part.length).toBe(5000) // a copy: it outlives the file
    expect(() => file.read(0, 1)).toThrow(expect.objectContaining({ code: 'ERR_MMAP_CLOSED' }))
  })

  it("mode 'rw' writes with positional writes", async () => {
    const rwPath = writeFile(dir, 'rw.bin', patternBytes(100))
    const file = mapFile(rwPath, { fallback: 'always', mode: 'rw' })
    file.write(10, Uint8Array.of(200, 201))
    file.flush()
    file.close()
    const { readFileSync } = await import('node:fs')
    expect([...readFileSync(rwPath).subarray(9, 13)]).toEqual([patternBytes(100)[9], 200, 201, patternBytes(100)[12]])
  })
})

describe('when the addon cannot load', () => {
  it('a missing addon: mapFile falls back to file reads and says so once, on console.warn', async () => {
    const mod = await freshModule({ LIGHTSTREAM_MMAP_ADDON: join(dir, 'no-such-addon.node') })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(mod.addonStatus()).toMatchObject({ loaded: false, reason: 'the addon is not built' })
    const first = mod.mapFile(path)
    const second = mod.mapFile(path)
    expect(first.mode).toBe('read')
    expect(first.read(100, 10)).toEqual(content.subarray(100, 110))
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toBe(
      '@lightstream/mmap-native: native addon not loaded (the addon is not built); falling back to file reads',
    )
    first.close()
    second.close()
  })

  it('a file that is not a loadable addon: the reason names the load failure; log: false is silent', async () => {
    const mod = await freshModule({ LIGHTSTREAM_MMAP_ADDON: path })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const status = mod.addonStatus()
    expect(status.loaded).toBe(false)
    expect(status.reason).toMatch(/^it failed to load: /)
    const file = mod.mapFile(path, { log: false })
    expect(file.mode).toBe('read')
    file.close()
    expect(warn).not.toHaveBeenCalled()
  })

  it('a log function receives the line every time', async () => {
    const mod = await freshModule({ LIGHTSTREAM_MMAP_DISABLE: '1' })
    const lines: string[] = []
    for (let i = 0; i < 2; i++) mod.mapFile(path, { log: (line) => lines.push(line) }).close()
    expect(lines).toEqual([
      '@lightstream/mmap-native: native addon not loaded (disabled by LIGHTSTREAM_MMAP_DISABLE=1); falling back to file reads',
      '@lightstream/mmap-native: native addon not loaded (disabled by LIGHTSTREAM_MMAP_DISABLE=1); falling back to file reads',
    ])
  })

  it("fallback: 'never' throws MmapUnavailableError (ERR_MMAP_UNAVAILABLE) with the reason", async () => {
    const mod = await freshModule({ LIGHTSTREAM_MMAP_DISABLE: '1' })
    let caught: unknown
    try {
      mod.mapFile(path, { fallback: 'never' })
    } catch (error) {
      caught = error
    }
    // The fresh module has its own class objects: compare by name and code.
    expect((caught as Error).name).toBe('MmapUnavailableError')
    expect((caught as MmapUnavailableError).code).toBe('ERR_MMAP_UNAVAILABLE')
    expect((caught as MmapUnavailableError).reason).toBe('disabled by LIGHTSTREAM_MMAP_DISABLE=1')
  })

  it('openIPCFile works the same over file reads', async () => {
    const mod = await freshModule({ LIGHTSTREAM_MMAP_DISABLE: '1' })
    const ipcPath = writeFile(dir, 'table.arrow', tableToIPC(tableFromArrays({ n: Int32Array.of(7, 8, 9) }), { format: 'file' }))
    const reader = mod.openIPCFile(ipcPath, { log: false })
    const column = reader.batchSync(0).getChildAt(0)!
    expect([...(column.values as Int32Array)]).toEqual([7, 8, 9])
    await reader.close()
    expect(column.get(2)).toBe(9) // read mode copies, so batches outlive the reader
  })
})
