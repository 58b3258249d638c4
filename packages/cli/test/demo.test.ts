import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli, tempDir } from './helpers/cli-process'

describe('lightstream demo', () => {
  it('--json with a small --rows: every value verified on both paths, zero column buffer copies, temp file removed', async () => {
    const tmp = tempDir()
    try {
      const run = await runCli(['demo', '--rows', '100000', '--batch-rows', '16384', '--json', '--dir', tmp.dir], { timeoutMs: 60_000 })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const report = JSON.parse(run.stdout.toString('utf8'))
      expect(report).toMatchObject({ rows: 100_000, batches: 7, ok: true, columnBufferCopies: 0 })
      expect(report.columns.map((c: { type: string }) => c.type)).toEqual(['Int32', 'Float64', 'Int64', 'Utf8', 'Dictionary<Int32, Utf8>', 'Bool'])
      expect(report.file).toMatchObject({ alignment: 64, writerCopies: 0 })
      expect(report.file.bytes).toBeGreaterThan(100_000 * 30)
      expect(report.read).toMatchObject({ copies: 0, copiedBytes: 0, verified: true })
      expect(['mmap', 'read']).toContain(report.read.access)
      expect(report.tcp).toMatchObject({ copies: 0, copiedBytes: 0, writerCopies: 0, verified: true })
      expect(report.tcp.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
      // The stream carries the same batches as the file, minus the file's magic and footer.
      expect(report.tcp.bytes).toBeLessThan(report.file.bytes)
      expect(report.tcp.bytes).toBeGreaterThan(report.file.bytes - 4096)
      expect(report.tcp.framingCopiedBytes).toBeLessThanOrEqual(report.tcp.bytes)
      expect(existsSync(report.file.path)).toBe(false)
    } finally {
      tmp.cleanup()
    }
  })

  it('prints a short human report ending in OK', async () => {
    const run = await runCli(['demo', '--rows', '20000'], { timeoutMs: 60_000 })
    expect(run.code).toBe(0)
    const text = run.stdout.toString('utf8')
    expect(text).toMatch(/^lightstream demo: 20,000 rows × 6 columns/)
    expect(text).toMatch(/^ {2}column buffer copies: 0 \(writers 0, file reader 0, socket reader 0\)$/m)
    expect(text).toMatch(/^demo: OK — zero copies of column buffers$/m)
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(16)
  })
})
