import { describe, expect, it } from 'vitest'
import { privacySignal } from '../../../src/tracker/privacy-signal'
import { continueSession, SESSION_IDLE_MS } from '../../../src/tracker/visitor-session'
import { VisibleTimer } from '../../../src/tracker/visible-timer'

describe('tracker sessions', () => {
  const newId = () => 'new-session'
  it('resumes a session active within 30 minutes and starts one after', () => {
    const stored = { id: 's1', lastActivity: 1_000 }
    expect(continueSession(stored, 1_000 + SESSION_IDLE_MS, newId)).toEqual({
      session: { id: 's1', lastActivity: 1_000 + SESSION_IDLE_MS },
      started: false
    })
    expect(continueSession(stored, 1_001 + SESSION_IDLE_MS, newId)).toEqual({
      session: { id: 'new-session', lastActivity: 1_001 + SESSION_IDLE_MS },
      started: true
    })
    expect(continueSession(undefined, 5, newId).started).toBe(true)
  })
})

describe('visible time', () => {
  it('counts only while visible, to the millisecond', () => {
    let now = 0
    const timer = new VisibleTimer(() => now, true)
    now = 1500
    timer.pause()
    now = 60_000
    expect(timer.seconds()).toBe(1.5)
    timer.resume()
    now = 60_250
    expect(timer.seconds()).toBe(1.75)
    const hiddenFromStart = new VisibleTimer(() => now, false)
    now = 90_000
    expect(hiddenFromStart.seconds()).toBe(0)
  })
})

describe('privacy signals', () => {
  it('reads Do Not Track and Global Privacy Control', () => {
    expect(privacySignal({ doNotTrack: '1' }, {})).toBe('Do Not Track')
    expect(privacySignal({ doNotTrack: null }, { doNotTrack: '1' })).toBe('Do Not Track')
    expect(privacySignal({ globalPrivacyControl: true }, {})).toBe('Global Privacy Control')
    expect(privacySignal({ doNotTrack: '0' }, {})).toBeNull()
    expect(privacySignal({}, {})).toBeNull()
  })
})
