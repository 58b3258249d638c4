import { expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { LightstreamError, UnsupportedFeatureError, validate } from '@lightstream/core'
import { IpcFileReader, IpcStreamReader, tableFromIPC } from '@lightstream/ipc'
import { describeWithArrowTesting, readBytes } from '../fixtures'

/** Either a coded error, or data that passes full validation; never a raw TypeError/RangeError. */
function outcome(read: () => unknown): string {
  try {
    const result = read()
    if (result !== undefined) validate(result as Parameters<typeof validate>[0])
    return 'valid data'
  } catch (error) {
    if (error instanceof LightstreamError) return error.code
    throw error
  }
}

describeWithArrowTesting('inputs that once crashed Arrow readers', (dir) => {
  const streamDir = join(dir, 'data', 'arrow-ipc-stream')
  const fileDir = join(dir, 'data', 'arrow-ipc-file')
  const streams = readdirSync(streamDir).filter((f) => f.startsWith('crash-') || f.startsWith('clusterfuzz-testcase-minimized-'))
  const files = readdirSync(fileDir).filter((f) => f.startsWith('clusterfuzz-testcase-'))

  it('finds them', () => {
    expect(streams.length).toBeGreaterThan(30)
    expect(files.length).toBeGreaterThan(5)
  })

  it('each gives a coded error or valid data, through every reader, quickly', () => {
    const started = Date.now()
    const seen = new Map<string, number>()
    const note = (code: string): void => {
      seen.set(code, (seen.get(code) ?? 0) + 1)
    }
    for (const name of [...streams.map((f) => join(streamDir, f)), ...files.map((f) => join(fileDir, f))]) {
      const bytes = readBytes(name)
      note(outcome(() => tableFromIPC(bytes)))
      note(outcome(() => tableFromIPC(bytes, { validate: true })))
      note(outcome(() => IpcStreamReader.from([bytes.subarray(0, 5), bytes.subarray(5)]).readAll()))
      note(outcome(() => IpcFileReader.openSync(bytes).readAllSync()))
    }
    // No hangs: the whole set (4 readers × ~55 inputs) takes well under the limit.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect([...seen.keys()].every((code) => code === 'valid data' || code.startsWith('ERR_'))).toBe(true)
    expect(seen.get('ERR_IPC_FORMAT')).toBeGreaterThan(0)
  })

  it('refuses a future metadata version clearly', () => {
    const bytes = readBytes(join(dir, 'data', 'forward-compatibility', 'schema_v6.arrow'))
    expect(() => tableFromIPC(bytes)).toThrow(UnsupportedFeatureError)
    expect(() => tableFromIPC(bytes)).toThrow(/V6|newer/)
  })
})
