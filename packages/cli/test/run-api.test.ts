import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tableFromArrays } from '@lightstream/core'
import { tableToIPC } from '@lightstream/ipc'
import { EXIT_CODES, memoryIo, run, UsageError } from '@lightstream/cli'
import { tempDir } from './helpers/cli-process'

// The programmatic entry point: the same commands in-process, output captured by memoryIo.
const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('run(argv, io)', () => {
  it('runs schema on a file and resolves to 0 (the package example)', async () => {
    const path = join(tmp.dir, 'example.arrow')
    writeFileSync(path, tableToIPC(tableFromArrays({ id: Int32Array.of(1, 2) }), { format: 'file' }))
    const mem = memoryIo()
    expect(await run(['schema', path], mem.io)).toBe(EXIT_CODES.ok)
    expect(mem.stdoutText()).toBe(`${path} (IPC file, 1 record batch), 1 field:\n  id: Int32\n`)
    expect(mem.stderrText()).toBe('')
  })

  it('reads stdin from the io, writes JSON Lines to its stdout', async () => {
    const table = tableFromArrays({ x: Float64Array.of(1.5, Number.NaN), s: ['a"b', null], b: BigInt64Array.of(2n ** 60n, -1n) })
    const mem = memoryIo({ stdin: tableToIPC(table) })
    expect(await run(['cat', '-', '--format', 'json'], mem.io)).toBe(0)
    expect(mem.stdoutText()).toBe('{"x":1.5,"s":"a\\"b","b":"1152921504606846976"}\n{"x":"NaN","s":null,"b":-1}\n')
  })

  it('never throws: failures become an exit code and one stderr line', async () => {
    const mem = memoryIo()
    expect(await run(['stats', join(tmp.dir, 'nope.arrow')], mem.io)).toBe(EXIT_CODES.badInput)
    expect(mem.stderrText()).toBe(`lightstream: ${join(tmp.dir, 'nope.arrow')}: no such file or directory\n`)
    const usage = memoryIo()
    expect(await run(['cat', '--limit'], usage.io)).toBe(EXIT_CODES.usage)
    expect(usage.stderrText()).toMatch(/^lightstream: Option '-n, --limit <value>' argument missing\n/)
  })

  it('refuses to write binary IPC to a terminal', async () => {
    const mem = memoryIo({ stdin: tableToIPC(tableFromArrays({ a: Int32Array.of(1) })), stdoutIsTTY: true })
    expect(await run(['convert', '-'], mem.io)).toBe(EXIT_CODES.usage)
    expect(mem.stderrText()).toMatch(/^lightstream: convert: refusing to write binary IPC to a terminal/)
    expect(new UsageError('x').code).toBe('ERR_CLI_USAGE')
  })

  it('draws a progress line only when stderr is a terminal, and not with --quiet', async () => {
    const input = tableToIPC(tableFromArrays({ a: Int32Array.from({ length: 1000 }, (_, i) => i) }))
    const tty = memoryIo({ stdin: input, stderrIsTTY: true })
    expect(await run(['convert', '-', join(tmp.dir, 'p.arrow')], tty.io)).toBe(0)
    // Redrawn in place (\r … erase to end of line), the final totals end the line.
    expect(tty.stderrText()).toMatch(/^\rconvert {2}1,000 rows {2}[\d.]+ kB {2}[\d.]+ [kMG]?B\/s.*\rconvert {2}1,000 rows .* {2}in [\d.]+ m?s\x1b\[K\n$/s)
    const quiet = memoryIo({ stdin: input, stderrIsTTY: true })
    expect(await run(['convert', '-', join(tmp.dir, 'q.arrow'), '--quiet'], quiet.io)).toBe(0)
    const pipe = memoryIo({ stdin: input })
    expect(await run(['convert', '-', join(tmp.dir, 'r.arrow')], pipe.io)).toBe(0)
    expect(quiet.stderrText() + pipe.stderrText()).toBe('')
  })

  it('an aborted signal stops a waiting recv with exit 130', async () => {
    const controller = new AbortController()
    const mem = memoryIo({ signal: controller.signal })
    const running = run(['recv', 'tcp://127.0.0.1:0', join(tmp.dir, 'never.arrows')], { ...mem.io, stderr: (t) => { if (t.includes('listening')) controller.abort() } })
    expect(await running).toBe(EXIT_CODES.interrupted)
  })
})
