import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Each example runs as a user would run it: a separate node process with tsx, from the examples directory,
// importing the built packages (dist). The test command builds before testing.
const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..')

interface Run {
  code: number
  stdout: string
  stderr: string
}

function runExample(file: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { cwd: examplesDir, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

/** The number printed after `label` on its line, thousands separators removed. */
function numberAfter(stdout: string, label: RegExp): number {
  const match = new RegExp(label.source + String.raw`\s+([\d,]+)`).exec(stdout)
  if (match === null) throw new Error(`no ${label} in:\n${stdout}`)
  return Number(match[1]!.replaceAll(',', ''))
}

describe('examples/demo.ts (the Quick start demo)', () => {
  it('streams 100,000 TLV frames through the paced pipe and verifies every one', async () => {
    const { code, stdout, stderr } = await runExample('demo.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^verification: OK — all 100,000 frames identical$/m)
    expect(numberAfter(stdout, /sent/)).toBe(100_000)
    expect(numberAfter(stdout, /received/)).toBe(100_000)
    expect(stdout).toMatch(/mismatches: 0$/m)
    // Frames did span chunks (the transport re-chunks), and most payloads were still zero-copy views.
    const views = numberAfter(stdout, /zero-copy/)
    expect(views).toBeGreaterThan(90_000)
    expect(views).toBeLessThan(100_000)
    expect(numberAfter(stdout, /waited/)).toBeGreaterThan(0) // backpressure reached the writer
    expect(stdout).toMatch(/lines, identical$/m) // the custom NDJSON framer part
    expect(stdout.trim().split('\n').length).toBeLessThanOrEqual(15)
  })

  it('fails (exit 1) when a byte is corrupted in transit, inside a payload or inside a header', async () => {
    const payload = await runExample('demo.ts', '--frames=2000', '--corrupt=5000')
    expect(payload.code).toBe(1)
    expect(payload.stdout).toMatch(/mismatches: 1$/m)
    expect(payload.stdout).toMatch(/^verification: FAILED$/m)

    const header = await runExample('demo.ts', '--frames=2000', '--corrupt=1') // the first frame's length
    expect(header.code).toBe(1)
    expect(header.stdout).toMatch(/FrameTooLargeError \(ERR_FRAME_TOO_LARGE\)/)
    expect(header.stdout).toMatch(/^verification: FAILED$/m)
  })
})

describe('examples/custom-framer/main.ts', () => {
  it('runs both third-party framers on the framing drivers and verifies them', async () => {
    const { code, stdout, stderr } = await runExample('custom-framer/main.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^NDJSON framer: wrote 2000 events/m)
    expect(stdout).toMatch(/Generator\): 2000 events identical$/m)
    expect(stdout).toMatch(/AsyncGenerator\): 2000 events identical$/m)
    expect(stdout).toMatch(/^u16 length framer: wrote 500 packets/m)
    expect(stdout).toMatch(/1-byte chunking: 500 packets identical$/m)
    expect(stdout).not.toMatch(/FAIL/)
    expect(stdout).toMatch(/^custom framers: all verified$/m)
  })
})
