import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dateCell, isoTimeText } from '../../../src/main/export/csv-cells'

const MAX_DATE_MS = 8.64e15

describe('isoTimeText', () => {
  it('writes what toISOString writes, for any valid time (signed six-digit years included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (time) => {
        expect(isoTimeText(time)).toBe(new Date(time).toISOString())
      }),
      { numRuns: 5000 }
    )
  })

  it('stays right for runs of times in one hour and across hours, before 1970 too', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('0000-01-01T00:00:00Z'),
          max: Date.parse('9999-12-31T22:00:00Z')
        }),
        fc.array(fc.integer({ min: -90_000, max: 3_700_000 }), { minLength: 1, maxLength: 30 }),
        (start, steps) => {
          let time = start
          for (const step of steps) {
            time += step
            expect(isoTimeText(time)).toBe(new Date(time).toISOString())
          }
        }
      ),
      { numRuns: 2000 }
    )
  })

  it('makes an invalid date an empty cell', () => {
    expect(dateCell(new Date(Number.NaN))).toBe('')
    expect(dateCell(new Date('2025-09-01T12:34:56.789Z'))).toBe('2025-09-01T12:34:56.789Z')
    expect(dateCell(new Date(Date.parse('-000001-06-01T00:00:00.000Z')))).toBe(
      '-000001-06-01T00:00:00.000Z'
    )
  })
})
