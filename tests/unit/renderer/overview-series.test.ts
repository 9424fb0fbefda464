import { describe, expect, it } from 'vitest'
import type { OverviewResult } from '../../../src/shared/journeys/results'
import {
  currenciesOf,
  dailyRows,
  daysBetween
} from '../../../src/renderer/src/features/overview/overview-series'

const plan = { strategy: 'local' as const, steps: [], notes: [] }

describe('overview series', () => {
  it('lists every day between two days, across a month end', () => {
    expect(daysBetween('2025-08-30', '2025-09-02')).toEqual([
      '2025-08-30',
      '2025-08-31',
      '2025-09-01',
      '2025-09-02'
    ])
  })

  it('fills quiet days with zeros and spreads revenue per currency', () => {
    const day = (
      d: string,
      users: number,
      revenueByCurrency: { currency: string; amount: number }[]
    ) => ({
      day: d,
      users,
      sessions: users,
      pageViews: users * 2,
      purchases: revenueByCurrency.length,
      revenueByCurrency
    })
    const result: OverviewResult = {
      days: [
        day('2025-09-01', 3, [{ currency: 'USD', amount: 10 }]),
        day('2025-09-03', 1, [{ currency: 'EUR', amount: 5 }])
      ],
      topPages: [],
      browsers: [],
      operatingSystems: [],
      totals: { users: 3, sessions: 4, pageViews: 8, purchases: 2, revenueByCurrency: [] },
      plan
    }
    expect(currenciesOf(result)).toEqual(['EUR', 'USD'])
    expect(dailyRows(result)).toEqual([
      {
        day: '2025-09-01',
        users: 3,
        sessions: 3,
        pageViews: 6,
        purchases: 1,
        'revenue:EUR': 0,
        'revenue:USD': 10
      },
      {
        day: '2025-09-02',
        users: 0,
        sessions: 0,
        pageViews: 0,
        purchases: 0,
        'revenue:EUR': 0,
        'revenue:USD': 0
      },
      {
        day: '2025-09-03',
        users: 1,
        sessions: 1,
        pageViews: 2,
        purchases: 1,
        'revenue:EUR': 5,
        'revenue:USD': 0
      }
    ])
  })

  it('no days, no rows', () => {
    expect(
      dailyRows({
        days: [],
        topPages: [],
        browsers: [],
        operatingSystems: [],
        totals: { users: 0, sessions: 0, pageViews: 0, purchases: 0, revenueByCurrency: [] },
        plan
      })
    ).toEqual([])
  })
})
