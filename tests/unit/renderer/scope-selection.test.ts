import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCOPE,
  describeScope,
  hasScopeParams,
  localDay,
  readScope,
  scopeParams,
  toDateRange,
  toSegment
} from '../../../src/renderer/src/app/scope/scope-selection'
import {
  parseSourceParam,
  sourceParam,
  toDataSource
} from '../../../src/renderer/src/app/source/active-source'

describe('scope selection', () => {
  it('defaults to all time, every device', () => {
    expect(readScope({})).toEqual(DEFAULT_SCOPE)
    expect(hasScopeParams({ q: ['x'] })).toBe(false)
    expect(hasScopeParams({ os: ['iOS'] })).toBe(true)
  })

  it('reads presets and filters, and writes them back (stale custom days removed)', () => {
    const scope = readScope({ range: ['30d'], browser: ['Chrome', 'Safari'], os: ['macOS'] })
    expect(scope).toEqual({
      preset: '30d',
      browsers: ['Chrome', 'Safari'],
      operatingSystems: ['macOS']
    })
    expect(scopeParams(scope)).toEqual({
      range: ['30d'],
      from: [],
      to: [],
      browser: ['Chrome', 'Safari'],
      os: ['macOS']
    })
  })

  it('reads custom days, swaps them when reversed, and ignores malformed ones', () => {
    expect(
      readScope({ range: ['custom'], from: ['2025-09-30'], to: ['2025-09-01'] })
    ).toMatchObject({
      preset: 'custom',
      from: '2025-09-01',
      to: '2025-09-30'
    })
    expect(readScope({ range: ['custom'], from: ['yesterday'] })).toEqual({
      preset: 'custom',
      browsers: [],
      operatingSystems: []
    })
    expect(readScope({ range: ['fortnight'] }).preset).toBe('all')
  })

  it('turns presets into half-open ranges from local midnight', () => {
    const now = new Date(2025, 8, 18, 15, 30)
    expect(toDateRange({ ...DEFAULT_SCOPE, preset: '7d' }, now)).toEqual({
      from: new Date(2025, 8, 12)
    })
    expect(toDateRange({ ...DEFAULT_SCOPE, preset: '30d' }, now)).toEqual({
      from: new Date(2025, 7, 20)
    })
    expect(toDateRange(DEFAULT_SCOPE, now)).toEqual({})
  })

  it('turns custom days into [first midnight, midnight after the last)', () => {
    const scope = {
      ...DEFAULT_SCOPE,
      preset: 'custom' as const,
      from: '2025-09-01',
      to: '2025-09-30'
    }
    expect(toDateRange(scope, new Date())).toEqual({
      from: new Date(2025, 8, 1),
      to: new Date(2025, 9, 1)
    })
    expect(toDateRange({ ...scope, from: undefined }, new Date())).toEqual({
      to: new Date(2025, 9, 1)
    })
  })

  it('names segments only when filtered, and describes the scope', () => {
    expect(toSegment(DEFAULT_SCOPE)).toEqual({})
    expect(toSegment({ ...DEFAULT_SCOPE, operatingSystems: ['iOS'] })).toEqual({
      operatingSystems: ['iOS']
    })
    expect(describeScope({ preset: '7d', browsers: ['Chrome'], operatingSystems: [] })).toBe(
      'Last 7 days · Chrome'
    )
    expect(localDay(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05')
  })
})

describe('active source parameter', () => {
  it('spells the demo and a connection with its database, and reads them back', () => {
    const connection = { kind: 'connection' as const, connectionId: 'c-1', database: 'shop' }
    expect(sourceParam({ kind: 'demo' })).toBe('demo')
    expect(sourceParam(connection)).toBe('c-1/shop')
    expect(parseSourceParam('c-1/shop')).toEqual(connection)
    expect(parseSourceParam('demo')).toEqual({ kind: 'demo' })
    expect(toDataSource(connection)).toEqual(connection)
  })

  it('spells an offline copy as offline:<id> and reads it back', () => {
    const copy = { kind: 'workspace' as const, workspaceId: '0123456789abcdef' }
    expect(sourceParam(copy)).toBe('offline:0123456789abcdef')
    expect(parseSourceParam('offline:0123456789abcdef')).toEqual(copy)
    expect(toDataSource(copy)).toEqual(copy)
  })

  it('refuses what is not a source', () => {
    for (const text of [
      undefined,
      '',
      'c-1',
      'c-1/',
      '/shop',
      'c/a/b',
      'offline:',
      'offline:0123',
      'offline:../../etc/passwd',
      'offline:0123456789ABCDEF'
    ]) {
      expect(parseSourceParam(text)).toBeNull()
    }
  })
})
