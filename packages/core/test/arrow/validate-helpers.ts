import { expect } from 'vitest'
import { Data, InvalidDataError, validate, type RecordBatch, type ValidateOptions } from '@lightstream/core'

/** Validation must fail with InvalidDataError at `path`, the path in the message, and the message matching `what`. */
export function expectInvalid(target: Data | RecordBatch, path: string, what: RegExp, options: ValidateOptions = {}): void {
  let error: unknown
  try {
    validate(target, { path: target instanceof Data ? 'col' : undefined, ...options })
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(InvalidDataError)
  const e = error as InvalidDataError
  expect(e.code).toBe('ERR_INVALID_DATA')
  expect(e.path).toBe(path)
  expect(e.message.startsWith(`${path}: `)).toBe(true)
  expect(e.message).toMatch(what)
}

/** Validation must pass. */
export function expectValid(target: Data | RecordBatch, options: ValidateOptions = {}): void {
  expect(() => validate(target, { path: 'col', ...options })).not.toThrow()
}
