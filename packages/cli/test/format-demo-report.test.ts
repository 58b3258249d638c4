import { describe, expect, it } from 'vitest'
import { formatDemoReport } from '../src/demo/format-demo-report'
import type { DemoReport } from '../src/demo/run-demo'

function report(framingCopies: number, framingCopiedBytes: number): DemoReport {
  return {
    rows: 2_000_000,
    batches: 31,
    columns: [{ name: 'id', type: 'Int32' }],
    generateMs: 300,
    file: { path: '/tmp/demo.arrow', bytes: 79_400_000, alignment: 64, writeMs: 70, writerCopies: 0 },
    read: { access: 'mmap', openMs: 2, readMs: 7, verifyMs: 400, copies: 0, copiedBytes: 0, verified: true },
    tcp: {
      url: 'tcp://127.0.0.1:4000', bytes: 79_400_000, ms: 110, verifyMs: 400, verified: true,
      copies: 0, copiedBytes: 0, framingCopies, framingCopiedBytes, writerCopies: 0,
    },
    columnBufferCopies: 0,
    ok: true,
  }
}

function joinedLine(text: string): string {
  return text.split('\n').find((line) => line.includes('socket reads joined'))!.trim()
}

describe('the demo report', () => {
  it('says when no message needed joining', () => {
    expect(joinedLine(formatDemoReport(report(0, 0)))).toBe('socket reads joined: none (every message arrived in one contiguous read buffer)')
  })

  it('uses the singular for one joined message and the plural for more', () => {
    expect(joinedLine(formatDemoReport(report(1, 2_640_000)))).toBe('socket reads joined: 1 message spanned read buffers and was made contiguous with one copy (2.64 MB of 79.4 MB)')
    expect(joinedLine(formatDemoReport(report(4, 10_400_000)))).toBe('socket reads joined: 4 messages spanned read buffers and were made contiguous with one copy each (10.4 MB of 79.4 MB)')
  })

  it('ends with the verdict', () => {
    expect(formatDemoReport(report(0, 0)).trimEnd().split('\n').at(-1)).toBe('demo: OK — zero copies of column buffers')
    expect(formatDemoReport({ ...report(0, 0), ok: false, failure: 'row 5 differs' }).trimEnd().split('\n').at(-1)).toBe('demo: FAILED — row 5 differs')
  })
})
