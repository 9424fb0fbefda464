import { describe, expect, it } from 'vitest'
import {
  formatHash,
  HOME_SCREEN,
  parseHash,
  sharedParamsOf,
  withParams
} from '../../../src/renderer/src/app/routes/route'
import { takeTokenFromHash } from '../../../src/renderer/src/api/take-token'

describe('hash routes', () => {
  it('reads screen, path and repeated parameters', () => {
    expect(parseHash('#/customers/u000042?session=s1&browser=Chrome&browser=Firefox')).toEqual({
      screen: 'customers',
      segments: ['u000042'],
      params: { session: ['s1'], browser: ['Chrome', 'Firefox'] }
    })
  })

  it('lands on the home screen for an empty or unknown hash, keeping parameters', () => {
    expect(parseHash('')).toEqual({ screen: HOME_SCREEN, segments: [], params: {} })
    expect(parseHash('#/nowhere/x?source=demo')).toEqual({
      screen: HOME_SCREEN,
      segments: [],
      params: { source: ['demo'] }
    })
  })

  it('round-trips ids and pages with slashes, spaces and non-ASCII text', () => {
    const route = {
      screen: 'customers' as const,
      segments: ['a/b c', 'Zoë'],
      params: { node: ['/search?q=red shoes&x=1'], q: ['ali'] }
    }
    const hash = formatHash(route)
    expect(hash.startsWith('#/customers/a%2Fb%20c/Zo%C3%AB?')).toBe(true)
    expect(parseHash(hash)).toEqual(route)
  })

  it('leaves empty values out', () => {
    expect(
      formatHash({ screen: 'overview', segments: [], params: { q: [''], range: ['all'] } })
    ).toBe('#/overview?range=all')
  })

  it('changes parameters: set, replace with several, remove with null or []', () => {
    const params = { a: ['1'], b: ['2'], c: ['3'] }
    expect(withParams(params, { a: 'x', b: null, c: [], d: ['y', 'z'], e: undefined })).toEqual({
      a: ['x'],
      d: ['y', 'z']
    })
    expect(params).toEqual({ a: ['1'], b: ['2'], c: ['3'] })
  })

  it('carries only the source and scope to another screen', () => {
    expect(
      sharedParamsOf({ source: ['demo'], range: ['7d'], os: ['iOS'], q: ['ali'], session: ['s'] })
    ).toEqual({ source: ['demo'], range: ['7d'], os: ['iOS'] })
  })
})

describe('web mode token in the hash', () => {
  it('takes the printed address form and leaves no hash', () => {
    expect(takeTokenFromHash('#token=abc123')).toEqual({ token: 'abc123', hash: '' })
  })

  it('takes a token among route parameters and keeps the route', () => {
    expect(takeTokenFromHash('#/customers/u1?source=demo&token=abc')).toEqual({
      token: 'abc',
      hash: '#/customers/u1?source=demo'
    })
  })

  it('leaves a route without a token alone', () => {
    expect(takeTokenFromHash('#/overview?range=7d')).toEqual({
      token: null,
      hash: '#/overview?range=7d'
    })
    expect(takeTokenFromHash('')).toEqual({ token: null, hash: '' })
  })
})
