import * as core from '@lightstream/core'
import {
  AbortError, AllocationError, ConformanceError, ErrorCode, FrameTooLargeError, InvalidArgumentError, InvalidDataError,
  InvalidFrameError, IpcFormatError, LightstreamError, MissingDependencyError, OutOfRangeError, ReleasedMemoryError,
  SinkClosedError, TruncatedInputError, UnsupportedFeatureError, type ErrorCodeValue,
} from '@lightstream/core'
import { describe, expect, it } from 'vitest'

// One row per class: how to build it with a cause, its name, and the code it must carry forever.
const classes: { name: string; code: ErrorCodeValue; make: (cause?: unknown) => LightstreamError }[] = [
  { name: 'InvalidArgumentError', code: 'ERR_INVALID_ARGUMENT', make: (cause) => new InvalidArgumentError('bad', { cause }) },
  { name: 'TruncatedInputError', code: 'ERR_TRUNCATED', make: (cause) => new TruncatedInputError('short', { cause }) },
  { name: 'InvalidFrameError', code: 'ERR_INVALID_FRAME', make: (cause) => new InvalidFrameError('garbled', { cause }) },
  { name: 'FrameTooLargeError', code: 'ERR_FRAME_TOO_LARGE', make: (cause) => new FrameTooLargeError('big', 10, 5, { cause }) },
  { name: 'OutOfRangeError', code: 'ERR_OUT_OF_RANGE', make: (cause) => new OutOfRangeError('past end', { cause }) },
  { name: 'AllocationError', code: 'ERR_ALLOCATION', make: (cause) => new AllocationError('no memory', { cause }) },
  { name: 'ReleasedMemoryError', code: 'ERR_RELEASED', make: (cause) => new ReleasedMemoryError('gone', { cause }) },
  { name: 'AbortError', code: 'ERR_ABORTED', make: (cause) => new AbortError('stopped', { cause }) },
  { name: 'SinkClosedError', code: 'ERR_SINK_CLOSED', make: (cause) => new SinkClosedError('closed', { cause }) },
  { name: 'MissingDependencyError', code: 'ERR_MISSING_DEPENDENCY', make: (cause) => new MissingDependencyError('fzstd', 'zstd decompression', { cause }) },
  { name: 'ConformanceError', code: 'ERR_CONFORMANCE', make: (cause) => new ConformanceError('disagrees', { cause }) },
  { name: 'IpcFormatError', code: 'ERR_IPC_FORMAT', make: (cause) => new IpcFormatError('bad flatbuffer', { cause }) },
  { name: 'UnsupportedFeatureError', code: 'ERR_UNSUPPORTED', make: (cause) => new UnsupportedFeatureError('metadata V6', { cause }) },
  { name: 'InvalidDataError', code: 'ERR_INVALID_DATA', make: (cause) => new InvalidDataError('offsets decrease', 'col.items[]', { cause }) },
]

describe('error classes', () => {
  it.each(classes)('$name is a LightstreamError and an Error with a stable code', ({ name, code, make }) => {
    const err = make()
    expect(err).toBeInstanceOf(LightstreamError)
    expect(err).toBeInstanceOf(Error)
    expect(err.name).toBe(name)
    expect(err.constructor.name).toBe(name)
    expect(err.code).toBe(code)
    expect(Object.values(ErrorCode)).toContain(err.code)
    expect(err.message.length).toBeGreaterThan(0)
    expect(String(err)).toBe(`${name}: ${err.message}`)
    expect(err.stack).toContain(name)
  })

  it.each(classes)('$name keeps the cause it wraps, and has none when given none', ({ make }) => {
    const cause = new RangeError('engine said no')
    expect(make(cause).cause).toBe(cause)
    expect(make('a string reason').cause).toBe('a string reason')
    expect('cause' in make()).toBe(false)
  })

  it('has exactly one class per code, and one code per class', () => {
    const codes = classes.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect([...codes].sort()).toEqual(Object.values(ErrorCode).sort())
  })

  it('covers every error class the package exports (add a row above for a new one)', () => {
    const exported = Object.entries(core)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof LightstreamError)
      .map(([name]) => name)
    expect(exported.sort()).toEqual(classes.map((c) => c.name).sort())
  })

  it('keeps the code values stable', () => {
    expect(ErrorCode).toEqual({
      InvalidArgument: 'ERR_INVALID_ARGUMENT',
      Truncated: 'ERR_TRUNCATED',
      InvalidFrame: 'ERR_INVALID_FRAME',
      FrameTooLarge: 'ERR_FRAME_TOO_LARGE',
      OutOfRange: 'ERR_OUT_OF_RANGE',
      Allocation: 'ERR_ALLOCATION',
      Released: 'ERR_RELEASED',
      Aborted: 'ERR_ABORTED',
      SinkClosed: 'ERR_SINK_CLOSED',
      MissingDependency: 'ERR_MISSING_DEPENDENCY',
      Conformance: 'ERR_CONFORMANCE',
      IpcFormat: 'ERR_IPC_FORMAT',
      Unsupported: 'ERR_UNSUPPORTED',
      InvalidData: 'ERR_INVALID_DATA',
    })
  })

  it('lets users tell classes apart with instanceof', () => {
    const err: unknown = new FrameTooLargeError('frame of 9 bytes over 4', 9, 4)
    expect(err instanceof FrameTooLargeError).toBe(true)
    expect(err instanceof InvalidFrameError).toBe(false)
    expect(new InvalidFrameError('x') instanceof FrameTooLargeError).toBe(false)
  })

  it('FrameTooLargeError carries the declared size and the limit', () => {
    const err = new FrameTooLargeError('frame of 5000000 bytes exceeds 4194304', 5_000_000, 4_194_304)
    expect(err.size).toBe(5_000_000)
    expect(err.limit).toBe(4_194_304)
    expect(err.message).toBe('frame of 5000000 bytes exceeds 4194304')
  })

  it('MissingDependencyError names the package to install and what needs it', () => {
    const err = new MissingDependencyError('parquet-wasm', 'reading Parquet')
    expect(err.packageName).toBe('parquet-wasm')
    expect(err.message).toContain('"parquet-wasm"')
    expect(err.message).toContain('reading Parquet')
    expect(err.message).toContain('install')
  })

  it('InvalidDataError names the column path in its message', () => {
    const err = new InvalidDataError('offsets decrease', 'col.items[]')
    expect(err.path).toBe('col.items[]')
    expect(err.message).toBe('col.items[]: offsets decrease')
    expect(new InvalidDataError('length mismatch').message).toBe('length mismatch')
    expect(new InvalidDataError('length mismatch').path).toBe('')
  })

  it('AbortError has a default message', () => {
    const err = new AbortError()
    expect(err.message).toBe('The operation was aborted')
    const reason = new Error('user pressed stop')
    expect(new AbortError(undefined, { cause: reason }).cause).toBe(reason)
  })

  it('the root class takes any code, for third-party layers', () => {
    const err = new LightstreamError('custom', 'ERR_MY_PLUGIN')
    expect(err.name).toBe('LightstreamError')
    expect(err.code).toBe('ERR_MY_PLUGIN')
    expect(err).toBeInstanceOf(Error)
  })

  it('can be subclassed the way the style guide shows', () => {
    class IpcFormatError extends LightstreamError {
      override name = 'IpcFormatError'
      constructor(message: string) {
        super(message, 'ERR_IPC_FORMAT')
      }
    }
    const err = new IpcFormatError('bad magic')
    expect(err).toBeInstanceOf(LightstreamError)
    expect([err.name, err.code]).toEqual(['IpcFormatError', 'ERR_IPC_FORMAT'])
  })
})
