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
  const names = ['generated_primitive', 'generated_nested', 'generated_dictionary', 'generated_union', 'generated_binary_view', 'generated_run_end_encoded', 'generated_list_view', 'generated_map', 'generated_decimal', 'generated_decimal256']
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

  // Random edits mostly land in bodies or break the first flatbuffer read. These land inside one message's
  // metadata (or a file's footer) and write boundary values, so they reach the checks behind the first
  // parse. A longer offline run of this kind found a decimal scale of 2^31 - 1 that crashed formatting a value
  // as text (now pinned in writer-round-trip.test.ts).
  it('never throws anything but a coded error for edits inside the metadata (property)', () => {
    const regions = inputs.map(metadataRegions)
    expect(regions.every((r) => r.length >= 2)).toBe(true)
    const codes = new Map<string, number>()
    const count = (code: string): void => { codes.set(code, (codes.get(code) ?? 0) + 1) }
    fc.assert(fc.property(
      fc.nat(inputs.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...BOUNDARY), fc.constantFrom(1, 4, 8)), { minLength: 1, maxLength: 2 }),
      (which, edits) => {
        const bytes = inputs[which]!.slice()
        const view = new DataView(bytes.buffer)
        const own = regions[which]!
        for (const [pick, where, value, width] of edits) {
          const [start, end] = own[pick % own.length]!
          const at = start + Math.floor(where * (end - start - 8))
          if (width === 1) bytes[at] = value & 0xff
          else if (width === 4) view.setInt32(at & ~3, value, true)
          else view.setBigInt64(at & ~7, BigInt(value), true)
        }
        count(outcome(() => tableFromIPC(bytes, { validate: true })))
        count(outcome(() => IpcStreamReader.from([bytes.subarray(0, 100), bytes.subarray(100)], { validate: true }).readAll()))
      },
    ), { numRuns: 1000, seed: 7 })
    expect([...codes.keys()].every((c) => c === 'ok' || c.startsWith('ERR_'))).toBe(true)
    // The edits reach past the first parse: some inputs still read, and not every failure is a format error.
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0)
    expect(codes.size).toBeGreaterThanOrEqual(3)
  })
})

/** Values that sit on the edges of the checks: zero, one, minus one, sign and width boundaries. */
const BOUNDARY = [0, 1, -1, 2, 7, 8, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x10000, 0x7fffffff, -0x80000000]

/**
 * Where the metadata lies in an IPC stream or file: `[start, end)` of every message's flatbuffer, and the
 * footer's for a file. Found by walking the framing, independently of the reader under test.
 */
function metadataRegions(bytes: Uint8Array): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const regions: [number, number][] = []
  let at = 0
  if (String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1') {
    const footer = view.getInt32(bytes.length - 10, true)
    regions.push([bytes.length - 10 - footer, bytes.length - 10])
    at = 8
  }
  while (at + 8 <= bytes.length) {
    const marked = view.getUint32(at, true) === 0xffffffff
    const length = view.getInt32(marked ? at + 4 : at, true)
    const start = at + (marked ? 8 : 4)
    if (length <= 0 || start + length > bytes.length) break
    regions.push([start, start + length])
    // Message.bodyLength is the root table's field 3 (vtable entry at byte 4 + 2 * 3).
    const root = start + view.getUint32(start, true)
    const vtable = root - view.getInt32(root, true)
    const slot = view.getUint16(vtable, true) > 10 ? view.getUint16(vtable + 10, true) : 0
    at = start + length + (slot === 0 ? 0 : Number(view.getBigInt64(root + slot, true)))
  }
  return regions
}
