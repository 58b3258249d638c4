import { execFile } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The install script must never fail an install: it builds, or says in one line why not, and exits 0.
// These runs never rebuild the real addon (other test files load it meanwhile): they stop before node-gyp
// runs, or run a stand-in node-gyp that fails at once.
const script = fileURLToPath(new URL('../scripts/build-addon.mjs', import.meta.url))
const log = fileURLToPath(new URL('../build/build-addon.log', import.meta.url))

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    })
  })
}

describe('scripts/build-addon.mjs', () => {
  it('LIGHTSTREAM_MMAP_SKIP_BUILD=1: one line, exit 0', async () => {
    const { code, stdout, stderr } = await run([], { LIGHTSTREAM_MMAP_SKIP_BUILD: '1' })
    expect(code).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toBe('@lightstream/mmap-native: native addon not built (LIGHTSTREAM_MMAP_SKIP_BUILD=1); falling back to file reads\n')
  })

  it('a failing node-gyp: one line naming the failure and the log, exit 0', async () => {
    const { code, stdout, stderr } = await run([], { npm_config_node_gyp: '/bin/false' })
    expect(code).toBe(0)
    expect(stdout).toBe('')
    const lines = stderr.trim().split('\n')
    expect(lines.length).toBe(1)
    expect(lines[0]).toMatch(/^@lightstream\/mmap-native: native addon not built \(node-gyp exited with 1: .*log: .*build-addon\.log\); falling back to file reads$/)
    expect(existsSync(log)).toBe(true)
    rmSync(log, { force: true })
  })

  it('--if-missing does nothing when the addon is newer than its sources', async () => {
    const { code, stdout, stderr } = await run(['--if-missing'], { npm_config_node_gyp: '/bin/false' })
    expect(code).toBe(0)
    expect(stdout + stderr).toBe('')
  })
})
