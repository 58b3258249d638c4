import { describe, expect, it } from 'vitest'
import { Data, IntervalUnit, TimeUnit, dateDay, dateMillisecond, duration, interval, time, timestamp } from '@lightstream/core'
import { bitmap, i32, i64, values } from './le'

const DAY = 86_400_000

describe('dates', () => {
  it('read days and milliseconds as epoch ms, or Dates with useDate', () => {
    const days = new Data({ type: dateDay(), length: 3, validity: bitmap(1, 0, 1), values: i32(0, 5, -1) })
    expect(values(days)).toEqual([0, null, -DAY])
    expect(values(days, { useDate: true })).toEqual([new Date(0), null, new Date(-DAY)])
    const ms = new Data({ type: dateMillisecond(), length: 2, values: i64(1_700_000_000_000, -5) })
    expect(values(ms)).toEqual([1_700_000_000_000, -5])
    expect(values(ms, { useDate: true, useBigInt: true })).toEqual([new Date(1_700_000_000_000), new Date(-5)])
  })
})

describe('times', () => {
  it('read 32-bit times as numbers and 64-bit ones as numbers or bigints', () => {
    const t32 = new Data({ type: time(TimeUnit.MILLISECOND), length: 2, values: i32(45_296_789, 0) })
    expect(values(t32, { useBigInt: true })).toEqual([45_296_789, 0])
    const t64 = new Data({ type: time(TimeUnit.NANOSECOND), length: 2, validity: bitmap(0, 1), values: i64(0, 86_399_999_999_999n) })
    expect(values(t64)).toEqual([null, 86_399_999_999_999])
    expect(values(t64, { useBigInt: true })).toEqual([null, 86_399_999_999_999n])
  })
})

describe('timestamps', () => {
  const cases: [TimeUnit, bigint, number][] = [
    [TimeUnit.SECOND, 1_700_000_000n, 1_700_000_000_000],
    [TimeUnit.MILLISECOND, -1_500n, -1_500],
    [TimeUnit.MICROSECOND, 1_700_000_000_123_456n, 1_700_000_000_123.456],
    [TimeUnit.NANOSECOND, 1_500_000n, 1.5],
  ]
  it.each(cases)('unit %i: epoch ms number by default, raw bigint with useBigInt, Date with useDate', (unit, raw, ms) => {
    const d = new Data({ type: timestamp(unit, 'UTC'), length: 2, validity: bitmap(1, 0), values: i64(raw, 0) })
    expect(d.get(0)).toBeCloseTo(ms, 6)
    expect(d.get(1)).toBeNull()
    expect(d.get(0, { useBigInt: true })).toBe(raw)
    expect((d.get(0, { useDate: true }) as Date).getTime()).toBe(Math.floor(ms))
    expect(d.get(0, { useDate: true, useBigInt: true })).toBeInstanceOf(Date)
  })
})

describe('durations', () => {
  it('read in their unit as numbers or bigints', () => {
    const d = new Data({ type: duration(TimeUnit.MICROSECOND), length: 3, offset: 1, values: i64(0, -42, 2n ** 60n, 7) })
    expect(values(d)).toEqual([-42, 2 ** 60, 7])
    expect(values(d, { useBigInt: true })).toEqual([-42n, 2n ** 60n, 7n])
  })
})

describe('intervals', () => {
  it('read YEAR_MONTH as months', () => {
    expect(values(new Data({ type: interval(IntervalUnit.YEAR_MONTH), length: 2, values: i32(14, -3) }))).toEqual([14, -3])
  })
  it('read DAY_TIME as { days, milliseconds }', () => {
    const d = new Data({ type: interval(IntervalUnit.DAY_TIME), length: 2, validity: bitmap(1, 0), values: i32(3, 1500, 9, 9) })
    expect(values(d)).toEqual([{ days: 3, milliseconds: 1500 }, null])
  })
  it('read MONTH_DAY_NANO as { months, days, nanoseconds: bigint }', () => {
    const bytes = new Uint8Array(32)
    const dv = new DataView(bytes.buffer)
    dv.setInt32(0, 1, true)
    dv.setInt32(4, -2, true)
    dv.setBigInt64(8, -5_000_000_000n, true)
    dv.setInt32(16, 0, true)
    dv.setInt32(20, 30, true)
    dv.setBigInt64(24, 2n ** 62n, true)
    const d = new Data({ type: interval(IntervalUnit.MONTH_DAY_NANO), length: 2, values: bytes })
    expect(values(d)).toEqual([
      { months: 1, days: -2, nanoseconds: -5_000_000_000n },
      { months: 0, days: 30, nanoseconds: 2n ** 62n },
    ])
    expect(values(d.slice(1))).toEqual([{ months: 0, days: 30, nanoseconds: 2n ** 62n }])
  })
})
