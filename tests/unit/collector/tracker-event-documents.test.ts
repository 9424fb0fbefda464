import { describe, expect, it } from 'vitest'
import { deviceInfoFromUserAgent } from '../../../src/collector/device-info'
import {
  eventEnd,
  pageDurationUpdate,
  toEventDocument
} from '../../../src/collector/event-documents'
import { clientAddress } from '../../../src/collector/collect-handler'
import { validateBatchEvents } from '../../../src/collector/validate-batch'

const NOW = Date.parse('2026-03-02T09:00:00Z')
const base = {
  id: 'evt-00000001',
  sessionId: 'ses-00000001',
  userId: 'anon-0001',
  timestamp: NOW - 1000
}

describe('tracker events as the seed documents', () => {
  it('maps each kind to its eventType and metadata', () => {
    expect(
      toEventDocument({ kind: 'page_view', ...base, pageUrl: '/cart', title: 'Cart' }, 'u1')
    ).toEqual({
      _id: 'evt-00000001',
      sessionId: 'ses-00000001',
      userId: 'u1',
      eventType: 'PAGE_VIEW',
      timestamp: new Date(NOW - 1000),
      metadata: { pageUrl: '/cart', title: 'Cart' }
    })
    expect(
      toEventDocument(
        { kind: 'purchase', ...base, orderId: 'o-1', amount: 12.5, currency: 'GBP' },
        'u1'
      ).metadata
    ).toEqual({ orderId: 'o-1', amount: 12.5, currency: 'GBP' })
    expect(toEventDocument({ kind: 'session_start', ...base }, 'u1')).toMatchObject({
      eventType: 'SESSION_START',
      metadata: {}
    })
    expect(
      toEventDocument(
        { kind: 'track', ...base, eventType: 'ADD_TO_CART', metadata: { q: 2 } },
        'u1'
      )
    ).toMatchObject({ eventType: 'ADD_TO_CART', metadata: { q: 2 } })
  })

  it('turns a time on page into an upsert of its page view that keeps the longest time', () => {
    const event = { kind: 'page_duration' as const, ...base, pageUrl: '/', seconds: 12.3456 }
    expect(pageDurationUpdate(event, 'u1')).toEqual({
      filter: { _id: 'evt-00000001' },
      update: {
        $setOnInsert: {
          sessionId: 'ses-00000001',
          userId: 'u1',
          eventType: 'PAGE_VIEW',
          timestamp: new Date(NOW - 1000),
          'metadata.pageUrl': '/'
        },
        $max: { 'metadata.duration': 12.346 }
      }
    })
    expect(eventEnd(event)).toBe(NOW - 1000 + 12_346)
  })

  it('names browsers and systems as the seed does', () => {
    expect(
      deviceInfoFromUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
      )
    ).toEqual({ browser: 'Safari', os: 'iOS' })
    expect(
      deviceInfoFromUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0'
      )
    ).toEqual({ browser: 'Edge', os: 'Windows' })
    expect(deviceInfoFromUserAgent(undefined)).toEqual({})
    expect(deviceInfoFromUserAgent('curl/8.0')).toEqual({})
    expect(clientAddress('::ffff:192.0.2.7')).toBe('192.0.2.7')
    expect(clientAddress('2001:db8::1')).toBe('2001:db8::1')
  })
})

describe('batch validation', () => {
  it('accepts valid events and explains each refusal by position', () => {
    const result = validateBatchEvents(
      [
        { kind: 'page_view', ...base, pageUrl: '/' },
        { kind: 'page_view', ...base, pageUrl: 'https://shop.test/' },
        { kind: 'identify', ...base, anonymousId: 'anon-0001', email: 'not-an-email' },
        { kind: 'page_view', ...base, pageUrl: '/', timestamp: NOW - 31 * 24 * 3600_000 },
        null
      ],
      NOW
    )
    expect(result.accepted.map((entry) => entry.index)).toEqual([0])
    expect(result.errors).toEqual([
      { index: 1, id: base.id, reason: 'pageUrl: must be a path starting with /' },
      { index: 2, id: base.id, reason: 'email: Invalid email address' },
      {
        index: 3,
        id: base.id,
        reason: `timestamp: ${new Date(NOW - 31 * 24 * 3600_000).toISOString()} is too old to record`
      },
      { index: 4, reason: 'an event must be a JSON object' }
    ])
  })
})
