import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Each transport example runs as a user would run it: node with tsx, from the examples directory, importing
// the built packages (dist). Each binds only 127.0.0.1 port 0 and finishes by itself.
const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..')

function runExample(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file], { cwd: examplesDir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    })
  })
}

describe('examples/transports', () => {
  it('tcp-table.ts: a TCP server streams a table to a client, identical, zero buffer copies', async () => {
    const { code, stdout, stderr } = await runExample('transports/tcp-table.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^server listening on tcp:\/\/127\.0\.0\.1:\d+$/m)
    expect(stdout).toMatch(/^received 100000 rows, digest [0-9a-f]+$/m)
    expect(stdout).toMatch(/^buffer copies while decoding: 0$/m)
    expect(stdout).toMatch(/^tcp: identical$/m)
  })

  it('tcp-aggregate.ts: a recycling client sums 160 batches read into a few reused slabs', async () => {
    const { code, stdout, stderr } = await runExample('transports/tcp-aggregate.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^received 4000000 rows in 160 batches$/m)
    const slabs = Number(/^read into (\d+) distinct slabs$/m.exec(stdout)?.[1])
    expect(slabs).toBeGreaterThan(0)
    expect(slabs).toBeLessThanOrEqual(8) // without recycling: one per message, 160
    expect(stdout).toMatch(/^aggregate: matches$/m)
  })

  it('websocket-table.ts: the same over a WebSocket', async () => {
    const { code, stdout, stderr } = await runExample('transports/websocket-table.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^server listening on ws:\/\/127\.0\.0\.1:\d+\/arrow$/m)
    expect(stdout).toMatch(/^websocket: identical$/m)
  })

  it('http-fetch.ts: an HTTP response body read with fetch', async () => {
    const { code, stdout, stderr } = await runExample('transports/http-fetch.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^fetched 100000 rows in batches$/m)
    expect(stdout).toMatch(/^http: identical$/m)
  })

  it('worker-batches.ts: a worker thread receives the batches without copies', async () => {
    const { code, stdout, stderr } = await runExample('transports/worker-batches.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^worker: 4 batches, 100000 rows, buffer copies 0, framing copies 0$/m)
    expect(stdout).toMatch(/^worker exited with 0$/m)
  })

  it('stdio-pipe.ts: an IPC file piped through a child process stdin/stdout filter', async () => {
    const { code, stdout, stderr } = await runExample('transports/stdio-pipe.ts')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^filtered through stdin\/stdout: 66666 rows, all active: true, child exit 0$/m)
  })
})
