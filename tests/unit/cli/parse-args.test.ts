import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { formatCsv, formatTextTable } from '../../../src/main/cli/format-table'
import { formatPlanForMongosh } from '../../../src/shared/journeys/format-mongosh'
import { CliInputError } from '../../../src/main/cli/cli-input-error'
import {
  parseCommandLine,
  parseIntegerOption,
  parseMetaOption,
  parseStepOption,
  parseWindowOption,
  SCOPE_OPTIONS
} from '../../../src/main/cli/parse-args'
import { parseDateOption } from '../../../src/main/cli/parse-date-option'
import { dataSourceFrom, scopeFrom } from '../../../src/main/cli/scope-options'

describe('command line values', () => {
  it('reads funnel steps: TYPE, TYPE:/url, TYPE:/prefix*', () => {
    expect(parseStepOption('PURCHASE')).toEqual({ eventType: 'PURCHASE' })
    expect(parseStepOption('PAGE_VIEW:/cart')).toEqual({ eventType: 'PAGE_VIEW', pageUrl: '/cart' })
    expect(parseStepOption('PAGE_VIEW:/product/*')).toEqual({
      eventType: 'PAGE_VIEW',
      pageUrl: '/product/*'
    })
    expect(parseStepOption('CUSTOM_EVENT_2')).toEqual({ eventType: 'CUSTOM_EVENT_2' })
    for (const bad of ['PAGE_VIEW:', 'PAGE_VIEW:/a*b', '', ' ', ':/cart', 'video:play']) {
      expect(() => parseStepOption(bad), bad).toThrow(CliInputError)
    }
  })

  it('reads free-text event names, full URLs, and the JSON form for names with ":"', () => {
    for (const eventType of [
      'a',
      'page_view',
      '$pageview',
      'Order Completed',
      'app.screen',
      'ü 🛒'
    ]) {
      expect(parseStepOption(eventType)).toEqual({ eventType })
    }
    expect(parseStepOption('$pageview:/cart*')).toEqual({
      eventType: '$pageview',
      pageUrl: '/cart*'
    })
    expect(parseStepOption('Order Completed:https://shop.example/thanks')).toEqual({
      eventType: 'Order Completed',
      pageUrl: 'https://shop.example/thanks'
    })
    expect(parseStepOption('{"eventType":"Order Completed","pageUrl":"/checkout*"}')).toEqual({
      eventType: 'Order Completed',
      pageUrl: '/checkout*'
    })
    expect(parseStepOption(' {"eventType":"checkout:done","label":"Done"}')).toEqual({
      eventType: 'checkout:done',
      label: 'Done'
    })
    expect(() => parseStepOption('video:play')).toThrow(
      /after ":" comes a page .* use the JSON form, \{"eventType":"video:play"\}/
    )
    expect(() => parseStepOption('{"eventType":"x"')).toThrow(/not valid JSON/)
    expect(() => parseStepOption('{"eventType":"x","page":"/a"}')).toThrow(/"page"/)
    expect(() => parseStepOption('{"pageUrl":"/a"}')).toThrow(/eventType/)
    expect(() => parseStepOption('{"eventType":"  "}')).toThrow(/eventType is empty/)
    expect(() => parseStepOption('{"eventType":"x","pageUrl":"/a*b"}')).toThrow(/only at its end/)
    expect(() => parseStepOption('{"eventType":7}')).toThrow(CliInputError)
  })

  it('reads windows, dates and metadata pairs', () => {
    expect(parseWindowOption('7d')).toBe(604_800)
    expect(parseWindowOption('12h')).toBe(43_200)
    expect(parseWindowOption('90m')).toBe(5_400)
    expect(parseWindowOption('3600s')).toBe(3_600)
    for (const bad of ['7', '0d', '1w', 'd', '-1h', '367d'])
      expect(() => parseWindowOption(bad)).toThrow(CliInputError)
    expect(parseDateOption('from', '2025-09-01')).toEqual(new Date('2025-09-01T00:00:00Z'))
    expect(parseDateOption('to', '2025-09-01T12:30:00+02:00')).toEqual(
      new Date('2025-09-01T10:30:00Z')
    )
    expect(() => parseDateOption('from', 'yesterday')).toThrow(/--from must be an ISO date/)
    expect(parseDateOption('from', '2025-09-01T12:30')).toEqual(new Date('2025-09-01T12:30:00Z'))
    expect(parseMetaOption('referrer=google')).toEqual({ key: 'referrer', value: 'google' })
    expect(parseMetaOption('duration=45')).toEqual({ key: 'duration', value: 45 })
    expect(parseMetaOption('member=true')).toEqual({ key: 'member', value: true })
    expect(parseMetaOption('code="45"')).toEqual({ key: 'code', value: '45' })
    expect(() => parseMetaOption('novalue')).toThrow(/key=value/)
  })

  it('reads dates without an offset in the time zone given', () => {
    // The README's example: Berlin's 1 September starts at 22:00 UTC on 31 August (summer time).
    expect(parseDateOption('from', '2025-09-01', 'Europe/Berlin')).toEqual(
      new Date('2025-08-31T22:00:00Z')
    )
    expect(parseDateOption('to', '2025-12-01', 'Europe/Berlin')).toEqual(
      new Date('2025-11-30T23:00:00Z')
    )
    expect(parseDateOption('from', '2025-09-01T09:15', 'America/New_York')).toEqual(
      new Date('2025-09-01T13:15:00Z')
    )
    expect(parseDateOption('from', '2025-09-01', 'Asia/Kolkata')).toEqual(
      new Date('2025-08-31T18:30:00Z')
    )
    // An explicit offset wins over the zone.
    expect(parseDateOption('from', '2025-09-01T00:00:00Z', 'Europe/Berlin')).toEqual(
      new Date('2025-09-01T00:00:00Z')
    )
    // 02:30 on the day Berlin springs forward never happened: the first instant after the gap.
    expect(parseDateOption('from', '2025-03-30T02:30', 'Europe/Berlin')).toEqual(
      new Date('2025-03-30T01:00:00Z')
    )
    // 02:30 on the day it falls back happened twice: the earlier one.
    expect(parseDateOption('from', '2025-10-26T02:30', 'Europe/Berlin')).toEqual(
      new Date('2025-10-26T00:30:00Z')
    )
    // Santiago skipped midnight on 7 September 2025: that day began at 01:00 local (04:00 UTC).
    expect(parseDateOption('from', '2025-09-07', 'America/Santiago')).toEqual(
      new Date('2025-09-07T04:00:00Z')
    )
    expect(() => parseDateOption('from', '2025-09-01', 'Mars/Olympus')).toThrow(
      '--time-zone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin or UTC)'
    )
  })

  it('refuses impossible dates instead of rolling them over', () => {
    expect(() => parseDateOption('from', '2025-02-30')).toThrow(
      '--from 2025-02-30 is not a real date: February 2025 has 28 days'
    )
    expect(() => parseDateOption('to', '2024-02-30')).toThrow('February 2024 has 29 days')
    expect(parseDateOption('to', '2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'))
    expect(() => parseDateOption('from', '2025-13-01')).toThrow('there is no month 13')
    expect(() => parseDateOption('from', '2025-04-31')).toThrow('April 2025 has 30 days')
    expect(() => parseDateOption('from', '2025-04-00')).toThrow('April 2025 has 30 days')
    expect(() => parseDateOption('from', '2025-04-01T24:00')).toThrow('hours go from 00 to 23')
    expect(() => parseDateOption('from', '2025-04-01T10:60')).toThrow('minutes go from 00 to 59')
  })

  it('names the fix for windows and numbers in the units the user typed', () => {
    expect(() => parseWindowOption('1000d')).toThrow(
      '--window can be at most 366d (8,784h), got 1000d'
    )
    expect(parseWindowOption('366d')).toBe(366 * 86400)
    expect(() => parseWindowOption('0d')).toThrow('--window must be at least 1s, got 0d')
    expect(() => parseWindowOption('0s')).toThrow('--window must be at least 1s, got 0s')
    const { values } = parseCommandLine(['--top', '-3'], { top: { type: 'string' } })
    expect(values.top).toBe('-3')
    expect(() => parseIntegerOption('top', values.top, { min: 1, max: 50 })).toThrow(
      '--top must be 1..50, got -3'
    )
    expect(() => parseCommandLine(['--from', '--to', 'x'], SCOPE_OPTIONS)).toThrow(
      'option --from needs a value (a value that starts with "-" goes as --from=-value)'
    )
  })

  it('rejects unknown options and missing values in one line', () => {
    expect(() => parseCommandLine(['--colour', 'red'], SCOPE_OPTIONS)).toThrow(
      'unknown option --colour'
    )
    expect(() => parseCommandLine(['--from'], SCOPE_OPTIONS)).toThrow('option --from needs a value')
  })

  it('chooses the data source: folder, URI and database, or the demo', () => {
    expect(dataSourceFrom({})).toEqual({ kind: 'demo' })
    expect(dataSourceFrom({ data: 'shop' })).toEqual({ kind: 'folder', path: 'shop' })
    expect(dataSourceFrom({ uri: 'mongodb://h', db: 'd' })).toEqual({
      kind: 'uri',
      uri: 'mongodb://h',
      database: 'd'
    })
    expect(() => dataSourceFrom({ uri: 'mongodb://h' })).toThrow('--uri needs --db <name> too')
    expect(() => dataSourceFrom({ data: 'x', uri: 'mongodb://h', db: 'd' })).toThrow(/not both/)
    expect(scopeFrom({ browser: ['Chrome'], os: ['iOS'], meta: ['a=1'] }).segment).toEqual({
      browsers: ['Chrome'],
      operatingSystems: ['iOS'],
      metadataEquals: [{ key: 'a', value: 1 }]
    })
  })
})

describe('output formats', () => {
  const table = {
    columns: ['page', 'views', 'share'],
    rows: [
      ['/a,b', 3, 0.123456],
      ['say "hi"', 10, null]
    ]
  }

  it('writes RFC 4180 CSV', () => {
    expect(formatCsv(table)).toBe('page,views,share\r\n"/a,b",3,0.123456\r\n"say ""hi""",10,\r\n')
  })

  it('aligns text tables', () => {
    expect(formatTextTable(table)).toBe(
      [
        'page      views   share',
        '--------  -----  ------',
        '/a,b          3  0.1235',
        'say "hi"     10       -',
        ''
      ].join('\n')
    )
  })

  it('prints plans as mongosh code', () => {
    const text = formatPlanForMongosh({
      strategy: 'reducer',
      notes: ['a note'],
      steps: [
        {
          collection: 'events',
          operation: 'find',
          filter: {
            userId: new ObjectId('65000000000000000000abcd'),
            timestamp: { $gte: new Date(0) }
          },
          projection: { 'metadata.pageUrl': 1 },
          sort: { userId: 1 },
          index: 'userId_1'
        }
      ]
    })
    expect(text).toContain('// strategy: reducer\n// note: a note\n// expected index: userId_1\n')
    expect(text).toContain('userId: ObjectId("65000000000000000000abcd")')
    expect(text).toContain('$gte: ISODate("1970-01-01T00:00:00.000Z")')
    expect(text).toContain('"metadata.pageUrl": 1')
    expect(text).toMatch(/^db\.getCollection\("events"\)\.find\(\{/m)
  })
})
