import { describe, expect, it } from 'vitest'
import { checkApiRequest, type GuardedRequest } from '../../../src/main/web/request-guard'

const PORT = 5199
const TOKEN = 'per-launch-token'
const good: GuardedRequest = {
  method: 'POST',
  host: `127.0.0.1:${PORT}`,
  origin: `http://127.0.0.1:${PORT}`,
  authorization: `Bearer ${TOKEN}`,
  secFetchSite: 'same-origin'
}

describe('web bridge request guard', () => {
  it('lets a same-origin request with the token through', () => {
    expect(checkApiRequest(good, PORT, TOKEN)).toEqual({ allowed: true })
    expect(
      checkApiRequest({ ...good, origin: undefined, secFetchSite: undefined }, PORT, TOKEN)
    ).toEqual({
      allowed: true
    })
  })

  it('refuses a missing or wrong token with 401', () => {
    expect(checkApiRequest({ ...good, authorization: undefined }, PORT, TOKEN)).toMatchObject({
      status: 401
    })
    expect(checkApiRequest({ ...good, authorization: 'Bearer nope' }, PORT, TOKEN)).toMatchObject({
      status: 401
    })
  })

  it('refuses GET and other methods with 405', () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(checkApiRequest({ ...good, method }, PORT, TOKEN)).toEqual({
        allowed: false,
        status: 405,
        reason: 'Only POST is accepted'
      })
    }
  })

  it('refuses other origins, cross-site fetches and foreign hosts with 403', () => {
    const cases: Partial<GuardedRequest>[] = [
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:${PORT + 1}` },
      { secFetchSite: 'cross-site' },
      { host: `rebind.example:${PORT}` },
      { host: undefined }
    ]
    for (const change of cases) {
      expect(checkApiRequest({ ...good, ...change }, PORT, TOKEN)).toMatchObject({
        allowed: false,
        status: 403
      })
    }
  })
})
