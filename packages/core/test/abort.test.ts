import { AbortError, InvalidArgumentError, abortError, checkSignal, isAbortSignal, raceAbort, throwIfAborted } from '@lightstream/core'
import { describe, expect, it } from 'vitest'

describe('the shared { signal } helpers', () => {
  it('abortError carries the reason as cause', () => {
    const controller = new AbortController()
    controller.abort('stop')
    const error = abortError(controller.signal)
    expect(error).toBeInstanceOf(AbortError)
    expect(error.code).toBe('ERR_ABORTED')
    expect(error.cause).toBe('stop')
  })

  it('throwIfAborted throws only for an aborted signal', () => {
    const controller = new AbortController()
    expect(() => throwIfAborted(undefined)).not.toThrow()
    expect(() => throwIfAborted(controller.signal)).not.toThrow()
    controller.abort()
    expect(() => throwIfAborted(controller.signal)).toThrow(AbortError)
  })

  it('checkSignal accepts undefined and signals, and names the option it refuses', () => {
    const signal = new AbortController().signal
    expect(checkSignal(undefined)).toBeUndefined()
    expect(checkSignal(signal)).toBe(signal)
    expect(isAbortSignal(signal)).toBe(true)
    expect(isAbortSignal({ aborted: false })).toBe(false)
    expect(() => checkSignal({})).toThrow(new InvalidArgumentError('options.signal must be an AbortSignal'))
    expect(() => checkSignal(42, 'signal')).toThrow('signal must be an AbortSignal')
  })

  it('raceAbort settles like the promise, or rejects when the signal aborts first', async () => {
    expect(await raceAbort(Promise.resolve(7), undefined)).toBe(7)
    const controller = new AbortController()
    expect(await raceAbort(Promise.resolve(8), controller.signal)).toBe(8)
    await expect(raceAbort(Promise.reject(new Error('boom')), controller.signal)).rejects.toThrow('boom')
    const pending = raceAbort(new Promise<never>(() => {}), controller.signal)
    controller.abort('late')
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED', cause: 'late' })
    await expect(raceAbort(Promise.reject(new Error('ignored')), controller.signal)).rejects.toBeInstanceOf(AbortError)
  })
})
