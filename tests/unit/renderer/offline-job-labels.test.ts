import { describe, expect, it } from 'vitest'
import {
  describeJobProgress,
  describeRefreshOutcome,
  jobPercent
} from '../../../src/renderer/src/app/offline/describe-offline-job'

describe('offline copy jobs', () => {
  it('describe a job’s progress, with a percentage only when the total is known', () => {
    expect(describeJobProgress(null)).toBe('Starting…')
    expect(describeJobProgress({ phase: 'Connecting', done: 0 })).toBe('Connecting…')
    expect(describeJobProgress({ phase: 'Copying events', done: 12345, total: 18500 })).toBe(
      'Copying events: 12,345 of 18,500'
    )
    expect(describeJobProgress({ phase: 'Copying users', done: 7 })).toBe('Copying users: 7')
    expect(jobPercent({ phase: 'Copying events', done: 12345, total: 18500 })).toBe(66)
    expect(jobPercent({ phase: 'Copying events', done: 20000, total: 18500 })).toBe(100)
    expect(jobPercent({ phase: 'Copying users', done: 7 })).toBeNull()
    expect(jobPercent({ phase: 'Copying users', done: 0, total: 0 })).toBeNull()
  })

  it('say what a refresh brought', () => {
    expect(describeRefreshOutcome({ newEvents: 0, sessions: 0, users: 0 })).toBe(
      'No new events; 0 sessions and 0 users read again.'
    )
    expect(describeRefreshOutcome({ newEvents: 1, sessions: 1, users: 1 })).toBe(
      '1 new event; 1 session and 1 user read again.'
    )
    expect(describeRefreshOutcome({ newEvents: 1200, sessions: 30, users: 2 })).toBe(
      '1,200 new events; 30 sessions and 2 users read again.'
    )
  })
})
