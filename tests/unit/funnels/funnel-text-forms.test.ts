import { describe, expect, it } from 'vitest'
import {
  formatWindowText,
  parseWindowText,
  windowFromSeconds,
  windowSeconds
} from '../../../src/shared/funnels/conversion-window'
import {
  formatFunnelStepText,
  parseFunnelStepText
} from '../../../src/shared/funnels/funnel-step-text'

describe('conversion window text', () => {
  it('reads and writes 7d, 12h, 90m and 3600s', () => {
    expect(parseWindowText('7d')).toEqual({ amount: 7, unit: 'd' })
    expect(parseWindowText(' 12h ')).toEqual({ amount: 12, unit: 'h' })
    expect(parseWindowText('90m')).toEqual({ amount: 90, unit: 'm' })
    expect(parseWindowText('3600s')).toEqual({ amount: 3600, unit: 's' })
    expect(formatWindowText({ amount: 90, unit: 'm' })).toBe('90m')
    expect(windowSeconds({ amount: 2, unit: 'h' })).toBe(7200)
  })

  it('refuses zero, other units, fractions and more than 366 days', () => {
    for (const text of ['0d', '7w', '1.5h', 'd', '', '367d', '8785h']) {
      expect(parseWindowText(text), text).toBeNull()
    }
    expect(parseWindowText('366d')).toEqual({ amount: 366, unit: 'd' })
  })

  it('turns seconds into the largest unit that divides them', () => {
    expect(windowFromSeconds(14 * 86_400)).toEqual({ amount: 14, unit: 'd' })
    expect(windowFromSeconds(5400)).toEqual({ amount: 90, unit: 'm' })
    expect(windowFromSeconds(61)).toEqual({ amount: 61, unit: 's' })
  })
})

describe('funnel step text (the command line --step form)', () => {
  it('writes TYPE, TYPE:/page and TYPE:/prefix*, and reads them back', () => {
    const steps = [
      { eventType: 'PURCHASE' },
      { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
      { eventType: 'PAGE_VIEW', pageUrl: '/checkout*' },
      { eventType: 'Order Completed' },
      { eventType: '$pageview', pageUrl: 'https://shop.example/a:b?c=1' }
    ]
    for (const step of steps) {
      const text = formatFunnelStepText(step)
      expect(parseFunnelStepText(text)).toEqual({ ok: true, step })
    }
    expect(formatFunnelStepText(steps[2] ?? { eventType: '' })).toBe('PAGE_VIEW:/checkout*')
  })

  it('writes JSON when the name holds a colon, the page is not a path or URL, or for a label', () => {
    const relative = { eventType: 'PAGE_VIEW', pageUrl: 'cart' }
    expect(formatFunnelStepText(relative)).toBe('{"eventType":"PAGE_VIEW","pageUrl":"cart"}')
    expect(parseFunnelStepText(formatFunnelStepText(relative))).toEqual({
      ok: true,
      step: relative
    })
    const colon = { eventType: 'checkout: paid', pageUrl: '/done' }
    expect(formatFunnelStepText(colon)).toBe('{"eventType":"checkout: paid","pageUrl":"/done"}')
    expect(parseFunnelStepText(formatFunnelStepText(colon))).toEqual({ ok: true, step: colon })
    const labelled = { eventType: 'PURCHASE', label: 'Paid' }
    expect(parseFunnelStepText(formatFunnelStepText(labelled))).toEqual({
      ok: true,
      step: labelled
    })
  })

  it('explains what is wrong with a step', () => {
    expect(parseFunnelStepText('')).toMatchObject({ ok: false })
    expect(parseFunnelStepText('PAGE_VIEW:')).toMatchObject({ ok: false })
    expect(parseFunnelStepText(':/cart')).toEqual({
      ok: false,
      message: '":/cart": an event name comes before ":"'
    })
    expect(parseFunnelStepText('Order: done')).toEqual({
      ok: false,
      message:
        '"Order: done": after ":" comes a page (/url, /prefix* or a full URL); for an event name with ":" use the JSON form, {"eventType":"Order: done"}'
    })
    expect(parseFunnelStepText('PAGE_VIEW:/a*b')).toEqual({
      ok: false,
      message: '"PAGE_VIEW:/a*b": a page may hold "*" only at its end, for a prefix'
    })
    expect(parseFunnelStepText('{"eventType":')).toEqual({
      ok: false,
      message: '"{"eventType":" is not valid JSON'
    })
    expect(parseFunnelStepText('{"eventType":"A","extra":1}')).toMatchObject({ ok: false })
    expect(parseFunnelStepText('{"eventType":"  "}')).toEqual({
      ok: false,
      message: '"{"eventType":"  "}": eventType is empty'
    })
  })
})
