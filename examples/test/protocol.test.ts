import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Runs examples/protocol/main.ts as a user would: a separate node process with tsx, from the examples
// directory, importing the built packages (dist).
const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..')

describe('examples/protocol/main.ts', () => {
  it('negotiates the extension over TCP and delivers interleaved messages and quotes with changing dictionaries', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'protocol/main.ts'], { cwd: examplesDir, timeout: 60_000 }, (error, out, err) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout: out, stderr: err })
      })
    })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 8)).toEqual([
      'handshake: extended',
      'chat: {"from":"desk","text":"quotes coming"}',
      'quotes: ABC@10.5 XYZ@99',
      'quotes: XYZ@99.5 ABC@10.25',
      'orders: {"id":1,"qty":500}',
      'quotes: NEW@1.25',
      'quotes: QQQ@400 QQQ@401',
      'desk sent 7 frames (' + stdout.match(/desk sent 7 frames \((\d+) bytes/)![1] + ' bytes); trader received 7 frames',
    ])
    expect(stdout).toMatch(/^receive copies: \d+ misaligned buffers, \d+ spanning frames, 1 delta appended$/m)
  })
})
