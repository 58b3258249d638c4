import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableFromArrays } from '@lightstream/core'
import { tableToIPC } from '@lightstream/ipc'
import { hugePageAllocator, mapFile, openIPCFile } from '@lightstream/mmap-native'
import { describe, expect, it } from 'vitest'

// The examples of src/index.ts (@packageDocumentation) and README.md, as written, with their results asserted.
describe('the package examples', () => {
  it('the @packageDocumentation example', async () => {
    const path = join(tmpdir(), `mmap-example-${process.pid}.arrow`)
    writeFileSync(path, tableToIPC(tableFromArrays({ x: Float64Array.of(1.5, 2.5) }), { format: 'file' }))
    const reader = openIPCFile(path) // maps the file, reads only the footer
    const x = reader.batchSync(0).getChildAt(0)! // a view into the mapping
    expect([x.get(1), reader.stats.copies]).toEqual([2.5, 0])
    await reader.close() // unmaps; x's buffers are detached (empty) from here on
    expect(x.values!.length).toBe(0)
    rmSync(path)
  })

  it('the README example', async () => {
    const path = join(tmpdir(), `mmap-readme-${process.pid}.arrow`)
    const table = tableFromArrays({ id: Int32Array.of(1, 2, 3), price: Float64Array.of(9.5, 12, 7.25) })
    writeFileSync(path, tableToIPC(table, { format: 'file' }))

    const reader = openIPCFile(path) // maps the file; reads only the footer
    const price = reader.batchSync(0).getChild('price')! // a view into the mapping, no copy
    expect([price.get(1), reader.stats.copies]).toEqual([12, 0])
    await reader.close() // unmaps; price's buffers are now empty, not dangling
    expect(price.values!.length).toBe(0)
    rmSync(path)
  })

  it('the huge-page allocator example (README and doc comment)', () => {
    const allocator = hugePageAllocator() // once per process is enough
    const table = tableFromArrays({ x: new Float64Array(5_000_000).fill(1.5) })
    const bytes = tableToIPC(table, { allocator }) // 40 MB, faulted in 2 MiB pages
    expect(bytes.byteLength).toBeGreaterThan(40_000_000)
    expect(bytes.byteLength).toBeLessThan(40_001_000)
    expect(allocator.status.active).toBe(process.platform === 'linux' ? allocator.status.reason === undefined : false)
    // Active: the output is a buffer of its own (offset 0, exact length), not the default allocator's.
    if (allocator.status.active) expect([bytes.byteOffset, bytes.buffer.byteLength]).toEqual([0, bytes.byteLength])
  })

  it('the mapFile doc example', () => {
    const path = join(tmpdir(), `mmap-doc-${process.pid}.bin`)
    writeFileSync(path, new Uint8Array(100).fill(7))
    const file = mapFile(path)
    expect([file.mode, file.byteLength]).toEqual(['mmap', 100])
    const header = file.read(0, 8) // a view: no copy
    expect(header).toEqual(new Uint8Array(8).fill(7))
    file.close() // header.length is 0 from here on
    expect(header.length).toBe(0)
    rmSync(path)
  })
})
