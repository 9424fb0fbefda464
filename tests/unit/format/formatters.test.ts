import { describe, expect, it } from 'vitest'
import {
  formatCount,
  formatDuration,
  formatMoney,
  formatMoneyAmounts,
  formatPercent,
  formatTimeToConvert
} from '../../../src/shared/format'
import { timeToConvert } from '../engine/journey-fixture'

describe('formatPercent', () => {
  it.each([
    [0.7609, '76.1 %'],
    [0.5, '50 %'],
    [1, '100 %'],
    [0, '0 %'],
    [0.00049, '< 0.1 %'],
    [0.0005, '0.1 %'],
    [0.9996, '> 99.9 %'],
    [0.99949, '99.9 %'],
    [1.5, '150 %'],
    [-0.25, '-25 %'],
    [Number.NaN, '–'],
    [Number.POSITIVE_INFINITY, '–']
  ])('%d -> %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text)
  })
})

describe('formatDuration', () => {
  it.each([
    [114.1395, '1 min 54 s'],
    [0, '0 s'],
    [0.04, '0 s'],
    [0.4, '0.4 s'],
    [9.94, '9.9 s'],
    [9.96, '10 s'],
    [42.4, '42 s'],
    [59.6, '1 min'],
    [119.6, '2 min'],
    [3599.6, '1 h'],
    [3661, '1 h 1 min'],
    [7200, '2 h'],
    [86_399, '1 d'],
    [90_000, '1 d 1 h'],
    [15 * 86_400 + 3 * 3600 + 1799, '15 d 3 h'],
    [-75, '-1 min 15 s'],
    [Number.NaN, '–']
  ])('%d s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

describe('formatCount without ICU', () => {
  it('groups every safe integer exactly as Intl en-US does', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
    const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999]
    for (let power = 6; power <= 15; power++)
      values.push(10 ** power, 10 ** power - 1, 10 ** power + 7)
    values.push(Number.MAX_SAFE_INTEGER, 1_001_299, 123_456_789)
    for (const value of [...values, ...values.map((v) => -v)]) {
      expect(formatCount(value)).toBe(intl.format(value))
    }
  })

  it('leaves fractions, negative zero and the non-finite to Intl and the dash', () => {
    expect(formatCount(1234.5)).toBe('1,235')
    expect(formatCount(-0)).toBe('-0')
    expect(formatCount(Number.NaN)).toBe('–')
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('–')
  })
})

describe('formatCount, formatMoney', () => {
  it('groups thousands and keeps cents, never adding currencies', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(0)).toBe('0')
    expect(formatMoney({ currency: 'EUR', amount: 1234.5 })).toBe('1,234.50 EUR')
    expect(formatMoney({ currency: '(none)', amount: 3 })).toBe('3.00')
    expect(
      formatMoneyAmounts([
        { currency: 'EUR', amount: 12 },
        { currency: 'USD', amount: 99.99 }
      ])
    ).toBe('12.00 EUR · 99.99 USD')
    expect(formatMoneyAmounts([])).toBe('–')
  })
})

describe('formatTimeToConvert', () => {
  it('lists the buckets that have users, on one line', () => {
    expect(formatTimeToConvert(timeToConvert({ 'under 1 min': 12, '1–3 d': 1030 }))).toBe(
      'under 1 min: 12 · 1–3 d: 1,030'
    )
    expect(formatTimeToConvert(timeToConvert({}))).toBe('–')
    expect(formatTimeToConvert(null)).toBe('–')
  })
})
