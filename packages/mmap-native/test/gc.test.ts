import { execFile } from 'node:child_process'
import { closeSync, ftruncateSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { patternBytes, suiteDir, writeFile } from './helpers'
import { loadAddon } from '../src/load-addon'

// Garbage collection is only observable with --expose-gc, so these run in a child Node process that loads the
// package source through tsx and reports what /proc/self/maps and /proc/self/fd show.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
const dir = suiteDir('gc')

const SCRIPT = `
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { mapFile } from ${JSON.stringify(entry)}
const path = process.env.MMAP_GC_FILE
const mappings = () => readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(path)).length
const fds = () => readdirSync('/proc/self/fd').filter((fd) => {
  try { return readlinkSync('/proc/self/fd/' + fd) === path } catch { return false }
}).length
async function collect(until, rounds = 50) {
  for (let i = 0; i < rounds && !until(); i++) {
    globalThis.gc()
    await new Promise((r) => setTimeout(r, 5))
  }
}
const out = {}
const fdsBefore = fds() // descriptors open on the test file

// 1. Never closed: the mapping goes when its last view is collected, the descriptor when the file is.
let file = mapFile(path)
let view = file.read(0, 16)
out.mappedWhileAlive = mappings()
out.fdsWhileAlive = fds() - fdsBefore
file = undefined
await collect(() => false, 8)
out.mappedWhileViewAlive = mappings()
out.viewStillReads = view[5]
view = undefined
await collect(() => mappings() === 0 && fds() === fdsBefore)
out.mappedAfterGc = mappings()
out.fdsAfterGc = fds() - fdsBefore

// 2. Closed, then collected while a newer mapping exists: the late finalizer must not unmap the new one.
let a = mapFile(path)
let va = a.read(0, 16)
a.close()
const b = mapFile(path)
a = undefined
va = undefined
await collect(() => false, 8)
out.newerStillMapped = mappings()
out.newerReads = b.read(5, 1)[0]
b.close()
out.mappedAtEnd = mappings()
process.stdout.write(JSON.stringify(out))
`

// Mappings are uncounted (native/uncounted_buffer.cc): V8's external-memory counter does not see them, so
// mapping a large file starts no GC cycle. The counter must stay where it was over open/close cycles, and
// forgotten mappings must still be unmapped once their buffers are collected (FinalizationRegistry + the
// native check that nothing holds the memory). The file is sparse: 256 MiB of mapping cost no disk and no
// page cache.
const ACCOUNTING_SCRIPT = `
import { readFileSync } from 'node:fs'
import { addonStatus, mapFile } from ${JSON.stringify(entry)}
const path = process.env.MMAP_GC_FILE
const MiB = 1024 * 1024
const mappings = () => readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(path)).length
const external = () => process.memoryUsage().external
async function collect(until, rounds = 50) {
  for (let i = 0; i < rounds && !until(); i++) {
    globalThis.gc()
    await new Promise((r) => setTimeout(r, 5))
  }
}
await collect(() => false, 3)
const out = { uncounted: addonStatus().uncountedMappings }
const base = external()
const open = mapFile(path)
out.countedWhileMappedMiB = Math.round((external() - base) / MiB)
open.close()
for (let i = 0; i < 40; i++) {
  const file = mapFile(path)
  if (file.read(file.byteLength - 1, 1)[0] !== 0) throw new Error('a sparse file reads as zeros')
  file.close()
}
await collect(() => false, 3)
out.driftAfterCyclesMiB = Math.round((external() - base) / MiB)
let forgotten = []
for (let i = 0; i < 12; i++) forgotten.push(mapFile(path).read(0, 8))
out.forgottenMapped = mappings()
forgotten = undefined
await collect(() => mappings() === 0)
out.forgottenAfterGc = mappings()
await collect(() => external() - base < MiB) // V8 subtracts swept buffers when it finishes sweeping: a GC or two later
out.driftAfterGcMiB = Math.round((external() - base) / MiB)
process.stdout.write(JSON.stringify(out))
`

// A mapping transferred to a worker thread: close() in the sender cannot unmap memory the worker now holds;
// it is unmapped once the worker is gone (its isolate releases the store; a retried native check sees that).
const WORKER_SCRIPT = `
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { addonStatus, mapFile } from ${JSON.stringify(entry)}
const path = process.env.MMAP_GC_FILE
const mappings = () => readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(path)).length
async function collect(until, rounds = 400) {
  for (let i = 0; i < rounds && !until(); i++) {
    globalThis.gc()
    await new Promise((r) => setTimeout(r, 5))
  }
}
const out = { uncounted: addonStatus().uncountedMappings }
const file = mapFile(path)
const buffer = file.bytes.buffer
const worker = new Worker(
  "import { parentPort } from 'node:worker_threads'; parentPort.once('message', (b) => { const v = new Uint8Array(b); parentPort.postMessage([v.length, v[5], v[v.length - 1]]); parentPort.once('message', () => process.exit(0)) })",
  { eval: true },
)
const answer = new Promise((resolve) => worker.once('message', resolve))
try {
  worker.postMessage(buffer, [buffer])
} catch {
  worker.postMessage(buffer) // a counted buffer on Node 22+: the transfer is refused, so send a copy
}
out.movedAway = buffer.byteLength === 0
out.workerRead = await answer
file.close()
out.mappedWhileWorkerHoldsIt = mappings()
const exited = new Promise((resolve) => worker.once('exit', resolve))
worker.postMessage('exit')
await exited
await collect(() => mappings() === 0)
out.mappedAfterWorkerExit = mappings()
process.stdout.write(JSON.stringify(out))
`

function runChild(file: string, script = SCRIPT): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--conditions=@lightstream/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: packageDir, env: { ...process.env, MMAP_GC_FILE: file }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`child failed: ${stderr || error.message}`))
        else resolve(JSON.parse(stdout) as Record<string, number>)
      },
    )
  })
}

describe('garbage collection (the safety net behind close())', () => {
  it('a mapping moved to a worker stays mapped after close() and is unmapped once the worker is gone', async () => {
    const content = patternBytes(3 * 4096, 2)
    const file = writeFile(dir, 'worker.bin', content)
    const out = (await runChild(file, WORKER_SCRIPT)) as unknown as { uncounted: boolean }
    const last = content[content.length - 1]
    if (out.uncounted) {
      // Uncounted buffers move (zero-copy) and the memory outlives close() until the worker lets go.
      expect(out).toEqual({ uncounted: true, movedAway: true, workerRead: [content.length, content[5], last], mappedWhileWorkerHoldsIt: 1, mappedAfterWorkerExit: 0 })
    } else {
      // Counted buffers are copied into the message (Node 20) or refused; the mapping goes at close().
      expect(out).toEqual({ uncounted: false, movedAway: false, workerRead: [content.length, content[5], last], mappedWhileWorkerHoldsIt: 0, mappedAfterWorkerExit: 0 })
    }
  })

  it('unmaps a forgotten mapping once no view is left, closes its descriptor, and never unmaps twice', async () => {
    const content = patternBytes(3 * 4096, 1)
    const file = writeFile(dir, 'gc.bin', content)
    const out = await runChild(file)
    expect(out).toEqual({
      mappedWhileAlive: 1,
      fdsWhileAlive: 1,
      mappedWhileViewAlive: 1, // a view keeps the mapping alive after its MappedFile is gone
      viewStillReads: content[5],
      mappedAfterGc: 0,
      fdsAfterGc: 0,
      newerStillMapped: 1,
      newerReads: content[5],
      mappedAtEnd: 0,
    })
  })

  it('leaves mappings out of V8\'s external-memory count and still unmaps forgotten ones', async () => {
    const file = join(dir, 'sparse.bin')
    const fd = openSync(file, 'w')
    ftruncateSync(fd, 256 * 1024 * 1024)
    closeSync(fd)
    const out = await runChild(file, ACCOUNTING_SCRIPT)
    const uncounted = (out as unknown as { uncounted: boolean }).uncounted
    // Uncounted exactly when the addon was built by this Node's major version (the test command builds it so).
    const builtFor = loadAddon().binding!.builtForNodeMajor
    expect(uncounted).toBe(builtFor === Number(process.versions.node.split('.')[0]))
    expect(out).toEqual({
      uncounted,
      // Uncounted (the Node the addon was built for): opening 256 MiB starts no collection. Otherwise counted.
      countedWhileMappedMiB: uncounted ? 0 : 256,
      driftAfterCyclesMiB: 0, // 40 map/close cycles leave nothing counted
      forgottenMapped: 12,
      forgottenAfterGc: 0, // unmapped once their buffers were collected
      driftAfterGcMiB: 0,
    })
  })
})
