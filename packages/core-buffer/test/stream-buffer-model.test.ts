import { ErrorCode, OutOfRangeError } from '@lightstream/core'
import { StreamBuffer } from '@lightstream/core-buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

// Every StreamBuffer operation is compared against a model that is one flat Uint8Array of the bytes
// buffered and not consumed, under arbitrary chunkings (empty chunks included).

type Op =
  | { kind: 'push'; chunk: Uint8Array }
  | { kind: 'peek' | 'take' | 'consume'; pick: number }
  | { kind: 'slice'; a: number; b: number }
  | { kind: 'indexOf'; byte: number; from: number }
  | { kind: 'readAll' }
  | { kind: 'overRead'; extra: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('push' as const), chunk: fc.uint8Array({ maxLength: 12 }) }), weight: 4 },
  fc.record({ kind: fc.constantFrom('peek' as const, 'take' as const, 'consume' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('slice' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('indexOf' as const), byte: fc.integer({ min: 0, max: 7 }), from: fc.integer({ min: -2, max: 40 }) }),
  fc.record({ kind: fc.constant('readAll' as const) }),
  fc.record({ kind: fc.constant('overRead' as const), extra: fc.integer({ min: 1, max: 9 }) }),
)

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function expectOutOfRange(fn: () => unknown): void {
  let thrown: unknown
  try {
    fn()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(OutOfRangeError)
  expect((thrown as OutOfRangeError).code).toBe(ErrorCode.OutOfRange)
}

type Reader = [name: 'getUint8' | 'getUint16LE' | 'getUint32LE' | 'getInt32LE' | 'getBigUint64LE' | 'getBigInt64LE', width: number, model: (d: DataView, i: number) => number | bigint]
const readers: Reader[] = [
  ['getUint8', 1, (d, i) => d.getUint8(i)],
  ['getUint16LE', 2, (d, i) => d.getUint16(i, true)],
  ['getUint32LE', 4, (d, i) => d.getUint32(i, true)],
  ['getInt32LE', 4, (d, i) => d.getInt32(i, true)],
  ['getBigUint64LE', 8, (d, i) => d.getBigUint64(i, true)],
  ['getBigInt64LE', 8, (d, i) => d.getBigInt64(i, true)],
]

function checkInvariants(buf: StreamBuffer, model: Uint8Array): void {
  expect(buf.length).toBe(model.length)
  const chunks = [...buf.chunks()]
  expect(chunks.length).toBe(buf.chunkCount)
  expect(chunks.every((c) => c.length > 0)).toBe(true)
  expect(chunks.reduce(concat, new Uint8Array(0))).toEqual(model)
  const head = buf.head()
  expect(head.length > 0).toBe(model.length > 0)
  expect(head).toEqual(model.subarray(0, head.length))
}

function run(ops: Op[]): void {
  const buf = new StreamBuffer()
  let model: Uint8Array = new Uint8Array(0)
  for (const o of ops) {
    const n = 'pick' in o ? o.pick % (model.length + 1) : 0
    switch (o.kind) {
      case 'push':
        buf.push(o.chunk)
        model = concat(model, o.chunk)
        break
      case 'peek':
        expect(buf.peek(n)).toEqual(model.subarray(0, n))
        break
      case 'take':
        expect(buf.take(n)).toEqual(model.slice(0, n))
        model = model.slice(n)
        break
      case 'consume':
        buf.consume(n)
        model = model.slice(n)
        break
      case 'slice': {
        const [start, end] = [o.a % (model.length + 1), o.b % (model.length + 1)].sort((x, y) => x - y) as [number, number]
        expect(buf.slice(start, end)).toEqual(model.slice(start, end))
        expect(buf.slice()).toEqual(model)
        break
      }
      case 'indexOf':
        expect(buf.indexOf(o.byte, o.from)).toBe(o.from < 0 ? model.indexOf(o.byte) : model.indexOf(o.byte, o.from))
        break
      case 'readAll': {
        const view = new DataView(model.buffer, model.byteOffset, model.byteLength)
        for (let i = 0; i < model.length + 1; i++) {
          for (const [name, width, read] of readers) {
            if (i + width <= model.length) expect(buf[name](i)).toBe(read(view, i))
            else expectOutOfRange(() => buf[name](i))
          }
        }
        break
      }
      case 'overRead': {
        const m = model.length + o.extra
        expectOutOfRange(() => buf.peek(m))
        expectOutOfRange(() => buf.take(m))
        expectOutOfRange(() => buf.consume(m))
        expectOutOfRange(() => buf.slice(0, m))
        break
      }
    }
    checkInvariants(buf, model)
  }
}

describe('StreamBuffer against a flat-array model', () => {
  it('agrees on every operation under arbitrary chunkings', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => run(ops)), { numRuns: 400 })
  })

  it('agrees when the same bytes arrive 1 byte at a time and as one chunk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, picks) => {
        const ones = [...bytes].map((b): Op => ({ kind: 'push', chunk: Uint8Array.of(b) }))
        const reads = picks.flatMap((pick): Op[] => [{ kind: 'readAll' }, { kind: 'take', pick }])
        run([...ones, ...reads])
        run([{ kind: 'push', chunk: bytes }, ...reads])
      }),
      { numRuns: 200 },
    )
  })

  it('reads signed and unsigned extremes across a chunk edge', () => {
    const buf = new StreamBuffer()
    buf.push(Uint8Array.of(0xff, 0xff, 0xff))
    buf.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x80))
    expect(buf.getUint32LE(0)).toBe(0xffffffff)
    expect(buf.getInt32LE(0)).toBe(-1)
    expect(buf.getBigUint64LE(0)).toBe(0xffffffffffffffffn)
    expect(buf.getBigInt64LE(0)).toBe(-1n)
    expect(buf.getBigInt64LE(1)).toBe(-0x7f00000000000001n)
    expect(buf.getUint16LE(7)).toBe(0x80ff)
    expect(buf.chunkCount).toBe(2)
  })

  it('rejects counts and indexes that are not non-negative integers', () => {
    const buf = new StreamBuffer()
    buf.push(new Uint8Array(8))
    for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
      expectOutOfRange(() => buf.peek(bad))
      expectOutOfRange(() => buf.consume(bad))
      expectOutOfRange(() => buf.getUint8(bad))
      expectOutOfRange(() => buf.slice(bad, 8))
    }
    expect(buf.length).toBe(8)
  })
})
