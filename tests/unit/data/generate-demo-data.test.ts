import { ObjectId } from 'bson'
import { beforeAll, describe, expect, it } from 'vitest'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import {
  generateDemoData,
  type DemoUserBundle
} from '../../../src/main/data/demo/generate-demo-data'

const idText = (id: unknown): string => (id instanceof ObjectId ? id.toHexString() : String(id))

function eventsBySession(events: readonly EventDocument[]): Map<unknown, EventDocument[]> {
  const groups = new Map<unknown, EventDocument[]>()
  for (const event of events) {
    const group = groups.get(event.sessionId)
    if (group) group.push(event)
    else groups.set(event.sessionId, [event])
  }
  return groups
}

describe('generateDemoData: a realistic shop', () => {
  let bundles: DemoUserBundle[] = []
  let users: UserDocument[] = []
  let sessions: SessionDocument[] = []
  let events: EventDocument[] = []

  beforeAll(() => {
    bundles = [...generateDemoData({ seed: 42, users: 2000 })]
    users = bundles.map((bundle) => bundle.user)
    sessions = bundles.flatMap((bundle) => bundle.sessions)
    events = bundles.flatMap((bundle) => bundle.events)
  })

  it('separates visits by more than the 30-minute idle gap and never pauses that long inside one', () => {
    const idleMs = 30 * 60_000
    let splits = 0
    for (const bundle of bundles) {
      const ordered = [...bundle.events].sort(
        (a, b) => a.timestamp.getTime() - b.timestamp.getTime()
      )
      for (let i = 1; i < ordered.length; i++) {
        const previous = ordered[i - 1] as EventDocument
        const current = ordered[i] as EventDocument
        const gap = current.timestamp.getTime() - previous.timestamp.getTime()
        if (current.sessionId === previous.sessionId) expect(gap).toBeLessThanOrEqual(idleMs)
        else {
          expect(gap).toBeGreaterThan(idleMs)
          splits++
        }
      }
    }
    expect(splits).toBeGreaterThan(1000)
  })

  it('starts a visit at its first event and ends it when its last page is left', () => {
    const bySession = eventsBySession(events)
    for (const session of sessions) {
      const own = bySession.get(session._id) ?? []
      const times = own.map((event) => event.timestamp.getTime())
      const leftAt = own.map((event) =>
        event.eventType === EVENT_TYPES.pageView
          ? event.timestamp.getTime() + (event.metadata?.duration ?? 0) * 1000
          : event.timestamp.getTime()
      )
      expect(session.startTime.getTime()).toBe(Math.min(...times))
      expect(session.endTime?.getTime()).toBe(Math.max(...leftAt))
    }
  })

  it('has the requested users, about 50 events each, and id formats', () => {
    expect(users).toHaveLength(2000)
    expect(events.length / users.length).toBeGreaterThan(30)
    expect(events.length / users.length).toBeLessThan(70)
    expect(users[41]?._id).toBe('u000042')
    expect(sessions[122]?._id).toBe('s0000123')
    expect(events[1233]?._id).toBe('e000001234')
    expect(new Set(events.map((event) => event._id)).size).toBe(events.length)
  })

  it('keeps every session and event with its user, and sessions in time order', () => {
    const problems: string[] = []
    for (const { user, sessions: own, events: ownEvents } of bundles) {
      const ids = new Set(own.map((session) => session._id))
      for (const session of own) {
        if (session.userId !== user._id) problems.push(`${idText(session._id)} has another user`)
      }
      for (const event of ownEvents) {
        if (event.userId !== user._id || !ids.has(event.sessionId)) {
          problems.push(`${idText(event._id)} is not in a session of its user`)
        }
      }
      own.forEach((session, i) => {
        const previous = own[i - 1]
        if (previous && session.startTime < (previous.endTime as Date)) {
          problems.push(`${idText(session._id)} overlaps the session before`)
        }
      })
      if (user.lastActiveAt < user.createdAt)
        problems.push(`${idText(user._id)} active before created`)
    }
    expect(problems).toEqual([])
  })

  it('starts each session with SESSION_START and keeps its events in order within it', () => {
    const bySession = eventsBySession(events)
    const problems: string[] = []
    let ties = 0
    for (const session of sessions) {
      const own = bySession.get(session._id) ?? []
      const first = own[0]
      if (first?.eventType !== EVENT_TYPES.sessionStart)
        problems.push(`${idText(session._id)} start`)
      if (first?.timestamp.getTime() !== session.startTime.getTime()) {
        problems.push(`${idText(session._id)} starts at another time than its first event`)
      }
      own.forEach((event, i) => {
        const previous = own[i - 1]
        if (!previous) return
        const gap = event.timestamp.getTime() - previous.timestamp.getTime()
        if (gap < 0) problems.push(`${idText(event._id)} goes back in time`)
        if (gap === 0) ties++
        if (idText(event._id) <= idText(previous._id))
          problems.push(`${idText(event._id)} id order`)
      })
      if ((own.at(-1)?.timestamp ?? 0) > (session.endTime as Date)) {
        problems.push(`${idText(session._id)} has events after its end`)
      }
    }
    expect(problems).toEqual([])
    expect(ties).toBeGreaterThan(0)
    expect(ties).toBeLessThan(events.length / 500)
  })

  it('writes page views with a URL and whole seconds, across the whole site', () => {
    const views = events.filter((event) => event.eventType === EVENT_TYPES.pageView)
    const malformed = views.filter(
      (view) =>
        typeof view.metadata?.pageUrl !== 'string' || !Number.isInteger(view.metadata.duration)
    )
    expect(malformed).toEqual([])
    const urls = new Set(views.map((view) => view.metadata?.pageUrl))
    for (const url of ['/', '/electronics', '/electronics/phones', '/cart', '/checkout']) {
      expect(urls.has(url)).toBe(true)
    }
    expect(urls.has('/checkout/payment')).toBe(true)
    expect([...urls].filter((url) => url?.startsWith('/product/')).length).toBeGreaterThan(300)
    expect([...urls].some((url) => url?.startsWith('/search?q='))).toBe(true)
    expect(events.some((event) => event.eventType === EVENT_TYPES.search)).toBe(true)
    const refreshes = views.filter(
      (view, i) =>
        i > 0 &&
        views[i - 1]?.sessionId === view.sessionId &&
        views[i - 1]?.metadata?.pageUrl === view.metadata?.pageUrl
    )
    expect(refreshes.length).toBeGreaterThan(0)
  })

  it('records purchases with an order id, a 2-decimal amount and a currency', () => {
    const purchases = events.filter((event) => event.eventType === EVENT_TYPES.purchase)
    expect(purchases.length).toBeGreaterThan(50)
    for (const purchase of purchases) {
      const { orderId, amount, currency } = purchase.metadata ?? {}
      expect(typeof orderId).toBe('string')
      expect(typeof amount).toBe('number')
      expect(Math.round((amount as number) * 100) / 100).toBe(amount)
      expect(['USD', 'EUR', 'GBP']).toContain(currency)
    }
    expect(new Set(purchases.map((p) => p.metadata?.orderId)).size).toBe(purchases.length)
    const currencies = purchases.map((p) => p.metadata?.currency)
    const usd = currencies.filter((c) => c === 'USD').length
    expect(usd / purchases.length).toBeGreaterThan(0.6)
    expect(currencies).toContain('EUR')
    expect(currencies).toContain('GBP')
  })

  it('has abandoned carts, one-event sessions, users without sessions and bots', () => {
    const abandoned = bundles.filter(({ events: own }) => {
      const lastCart = own.findLastIndex((e) => e.eventType === EVENT_TYPES.addToCart)
      const lastPurchase = own.findLastIndex((e) => e.eventType === EVENT_TYPES.purchase)
      return lastCart > lastPurchase
    })
    expect(abandoned.length).toBeGreaterThan(20)
    const counts = eventsBySession(events)
    expect(sessions.some((session) => counts.get(session._id)?.length === 1)).toBe(true)
    expect(bundles.some((bundle) => bundle.sessions.length === 0)).toBe(true)
    expect(bundles.filter((bundle) => bundle.events.length > 1000).length).toBeGreaterThanOrEqual(3)
    expect(bundles.some((bundle) => bundle.sessions.length >= 10)).toBe(true)
  })

  it('spreads sessions over browsers, systems and devices per user', () => {
    const browsers = new Set(sessions.map((s) => s.deviceInfo?.browser))
    const systems = new Set(sessions.map((s) => s.deviceInfo?.os))
    for (const b of ['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet']) {
      expect(browsers.has(b)).toBe(true)
    }
    for (const os of ['Windows', 'macOS', 'iOS', 'Android', 'Linux'])
      expect(systems.has(os)).toBe(true)
    const multiDevice = bundles.filter(
      (b) => new Set(b.sessions.map((s) => `${s.deviceInfo?.browser}/${s.deviceInfo?.os}`)).size > 1
    )
    expect(multiDevice.length).toBeGreaterThan(50)
    expect(sessions.every((s) => typeof s.ipAddress === 'string')).toBe(true)
  })

  it('gives unique emails, mostly lower case', () => {
    const emails = users.map((user) => user.email)
    expect(new Set(emails.map((email) => email.toLowerCase())).size).toBe(emails.length)
    const capitals = emails.filter((email) => email !== email.toLowerCase()).length
    expect(capitals).toBeGreaterThan(0)
    expect(capitals).toBeLessThan(emails.length / 10)
  })
})

describe('generateDemoData: options', () => {
  it('makes deterministic ObjectIds whose time is the document time', () => {
    const first = [...generateDemoData({ seed: 9, users: 30, idKind: 'objectId' })]
    const again = [...generateDemoData({ seed: 9, users: 30, idKind: 'objectId' })]
    const event = first[0]?.events[0] as EventDocument
    expect(event._id).toBeInstanceOf(ObjectId)
    expect(idText(event._id)).toBe(idText(again[0]?.events[0]?._id))
    expect((event._id as ObjectId).getTimestamp().getTime()).toBe(
      Math.floor(event.timestamp.getTime() / 1000) * 1000
    )
    expect(event.userId).toEqual(first[0]?.user._id)
    const all = first.flatMap((b) => [b.user._id, ...b.sessions.map((s) => s._id)])
    expect(new Set(all.map(idText)).size).toBe(all.length)
  })

  it('stops at an events target after the user that reaches it', () => {
    let count = 0
    let users = 0
    for (const bundle of generateDemoData({ seed: 1, events: 5000 })) {
      count += bundle.events.length
      users++
    }
    expect(count).toBeGreaterThanOrEqual(5000)
    expect(users).toBeGreaterThan(20)
  })

  it('is a prefix: a bigger run starts with the smaller one', () => {
    const small = [...generateDemoData({ seed: 5, users: 20 })]
    const big = [...generateDemoData({ seed: 5, users: 40 })].slice(0, 20)
    expect(big).toEqual(small)
  })

  it('rejects sizes it cannot honour', () => {
    expect(() => [...generateDemoData({ seed: 1 })]).toThrow(/users or events/)
    expect(() => [...generateDemoData({ seed: 1, users: -1 })]).toThrow(/users/)
    expect(() => [...generateDemoData({ seed: 1.5, users: 1 })]).toThrow(/seed/)
  })
})
