/**
 * Mutated golden files: whatever the damage, reading with `validate: true` ends in a coded error or in data
 * that passes validation and reads value by value without a raw TypeError/RangeError.
 */
import { expect, it } from 'vitest'
import fc from 'fast-check'
import { LightstreamError } from '@lightstream/core'
import { IpcStreamReader, tableFromIPC } from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'

function outcome(read: () => { toArray(): unknown[] }): string {
  try {
    read().toArray()
    return 'ok'
  } catch (error) {
    if (error instanceof LightstreamError) return error.code
    throw error
  }
}

describeWithArrowTesting('reading mutated integration files', (dir) => {
  const names = ['generated_primitive', 'generated_nested', 'generated_dictionary', 'generated_union', 'generated_binary_view', 'generated_run_end_encoded', 'generated_list_view', 'generated_map']
  const inputs = integrationCases(dir, 'cpp-21.0.0')
    .filter((c) => names.includes(c.name))
    .flatMap((c) => [readBytes(c.stream), readBytes(c.arrowFile)])

  it('never throws anything but a coded error (property)', () => {
    expect(inputs.length).toBe(2 * names.length)
    const codes = new Set<string>()
    fc.assert(fc.property(
      fc.nat(inputs.length - 1),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      (which, edits, cut) => {
        const bytes = inputs[which]!.slice()
        for (const [where, value] of edits) bytes[Math.floor(where * (bytes.length - 1))] = value
        const input = cut === undefined ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length))
        codes.add(outcome(() => tableFromIPC(input, { validate: true })))
        codes.add(outcome(() => IpcStreamReader.from([input.subarray(0, 100), input.subarray(100)], { validate: true }).readAll()))
      },
    ), { numRuns: 400, seed: 42 })
    expect([...codes].every((c) => c === 'ok' || c.startsWith('ERR_'))).toBe(true)
  })
})
