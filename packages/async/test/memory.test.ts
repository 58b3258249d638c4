import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../../..')
const MiB = 1024 * 1024

interface Result {
  role: string
  bytes: number
  seconds: number
  baseline: { rss: number; arrayBuffers: number }
  peak: { rss: number; arrayBuffers: number }
}

/** Run memory-peer.ts with `args`; resolve its JSON lines (the first one is handed to `onFirst`). */
function peer(args: string[], onFirst?: (line: Record<string, number>) => void): Promise<Result> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--conditions=@lightstream/source', join(here, 'scripts/memory-peer.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let last: Result | undefined
    let first = true
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as Result & Record<string, number>
      if (first && onFirst !== undefined) onFirst(parsed)
      first = false
      if (parsed.role !== undefined) last = parsed
    })
    child.once('exit', (code) => (code === 0 && last !== undefined ? resolve(last) : reject(new Error(`peer ${args[0]} exited with ${code}`))))
  })
}

const mb = (n: number): string => `${(n / MiB).toFixed(1)} MiB`

describe('memory stays bounded with a slow consumer (separate sender and receiver processes)', () => {
  it('256 MiB through TCP to a consumer limited to 100 MiB/s: each side grows less than 100 MiB', async () => {
    let started!: (port: number) => void
    const port = new Promise<number>((resolve) => (started = resolve))
    const receiver = peer(['receive', '100'], (line) => started(line.port!))
    const sender = peer(['send', String(await port), '256'])
    const [sent, received] = await Promise.all([sender, receiver])
    expect(received.bytes).toBe(sent.bytes)
    expect(sent.bytes).toBeGreaterThanOrEqual(256 * MiB)
    for (const side of [sent, received]) {
      const rss = side.peak.rss - side.baseline.rss
      const arrayBuffers = side.peak.arrayBuffers - side.baseline.arrayBuffers
      console.log(
        `${side.role}: ${mb(side.bytes)} in ${side.seconds.toFixed(2)} s (${mb(side.bytes / side.seconds)}/s); ` +
          `rss ${mb(side.baseline.rss)} → peak ${mb(side.peak.rss)} (+${mb(rss)}); arrayBuffers +${mb(arrayBuffers)}`,
      )
      expect(rss).toBeLessThan(100 * MiB)
      expect(arrayBuffers).toBeLessThan(100 * MiB)
    }
    // The consumer really was the bottleneck: the sender could not finish much faster than it.
    expect(sent.seconds).toBeGreaterThan(received.seconds * 0.5)
  })
})
