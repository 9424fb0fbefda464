import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { formatCsv, formatTextTable } from '../../../src/main/cli/format-table'
import { formatPlanForMongosh } from '../../../src/shared/journeys/format-mongosh'
import {
  CliInputError,
  parseCommandLine,
  parseDateOption,
  parseMetaOption,
  parseStepOption,
  parseWindowOption,
  SCOPE_OPTIONS
} from '../../../src/main/cli/parse-args'
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
    for (const bad of ['page_view', '2FA', 'PAGE VIEW', 'PAGE_VIEW:', 'PAGE_VIEW:/a*b', '']) {
      expect(() => parseStepOption(bad)).toThrow(CliInputError)
    }
  })

  it('reads windows, dates and metadata pairs', () => {
    expect(parseWindowOption('7d')).toBe(604_800)
    expect(parseWindowOption('12h')).toBe(43_200)
    expect(parseWindowOption('90m')).toBe(5_400)
    expect(parseWindowOption('3600s')).toBe(3_600)
    for (const bad of ['7', '0d', '1w', 'd', '-1h'])
      expect(() => parseWindowOption(bad)).toThrow(CliInputError)
    expect(parseDateOption('from', '2025-09-01')).toEqual(new Date('2025-09-01T00:00:00Z'))
    expect(parseDateOption('to', '2025-09-01T12:30:00+02:00')).toEqual(
      new Date('2025-09-01T10:30:00Z')
    )
    expect(() => parseDateOption('from', 'yesterday')).toThrow(/--from must be an ISO date/)
    expect(parseMetaOption('referrer=google')).toEqual({ key: 'referrer', value: 'google' })
    expect(parseMetaOption('duration=45')).toEqual({ key: 'duration', value: 45 })
    expect(parseMetaOption('member=true')).toEqual({ key: 'member', value: true })
    expect(parseMetaOption('code="45"')).toEqual({ key: 'code', value: '45' })
    expect(() => parseMetaOption('novalue')).toThrow(/key=value/)
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
