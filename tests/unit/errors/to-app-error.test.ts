import {
  MongoNetworkError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError
} from 'mongodb'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { toAppError, toErrorEnvelope } from '../../../src/main/errors/to-app-error'
import { describeHosts } from '../../../src/main/mongo-client/describe-hosts'
import { AppError } from '../../../src/shared/errors'

describe('toAppError', () => {
  it('maps connection failures by their cause', () => {
    const refused = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    })
    const selection = new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', {
      servers: new Map(),
      type: 'Unknown'
    } as never)
    ;(selection as { cause?: unknown }).cause = refused
    expect(toAppError(selection, { target: '127.0.0.1:1' })).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message:
        'Cannot connect to 127.0.0.1:1: connection refused. Is the server running and the port right?'
    })
    const dns = new MongoNetworkError('getaddrinfo ENOTFOUND x.invalid', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })
    })
    expect(toAppError(dns).code).toBe('HOST_NOT_FOUND')
    const tls = new MongoNetworkError('self-signed certificate', {
      cause: Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT'
      })
    })
    expect(toAppError(tls).code).toBe('TLS_FAILED')
    const closedMessage =
      'Cannot connect to 127.0.0.1:9: it closed the connection without answering. Is a MongoDB server listening on that port, and does it need TLS (tls=true in the connection string)?'
    // The driver reports a port that hangs up as a failed server selection, the closed monitor
    // connection as its cause (a bare network error is a connection lost mid-query, below).
    const failedSelection = (cause: Error): MongoServerSelectionError => {
      const wrapped = new MongoServerSelectionError(cause.message, {
        servers: new Map(),
        type: 'Unknown'
      } as never)
      ;(wrapped as { cause?: unknown }).cause = cause
      return wrapped
    }
    const reset = new MongoNetworkError('read ECONNRESET', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    })
    expect(toAppError(failedSelection(reset), { target: '127.0.0.1:9' })).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message: closedMessage
    })
    const closed = new MongoNetworkError('connection <monitor> to 127.0.0.1:9 closed')
    expect(toAppError(failedSelection(closed), { target: '127.0.0.1:9' }).message).toBe(
      closedMessage
    )
  })

  it('maps server, parse and abort errors, and passes AppErrors through', () => {
    expect(
      toAppError(new MongoServerError({ code: 18, errmsg: 'Authentication failed.' })).code
    ).toBe('AUTH_FAILED')
    expect(toAppError(new MongoServerError({ code: 50, errmsg: 'time limit' })).code).toBe(
      'TIMEOUT'
    )
    expect(
      toAppError(new MongoServerError({ code: 168, errmsg: 'Unrecognized pipeline stage name' }))
    ).toMatchObject({
      code: 'QUERY_FAILED',
      message: 'The server rejected the query: Unrecognized pipeline stage name'
    })
    expect(toAppError(new MongoParseError('Invalid scheme')).code).toBe('INVALID_URI')
    const controller = new AbortController()
    controller.abort()
    expect(toAppError(new Error('whatever'), { signal: controller.signal }).code).toBe('CANCELLED')
    const own = new AppError('NOT_FOUND', 'gone')
    expect(toAppError(own)).toBe(own)
    expect(toAppError(new TypeError('x is undefined')).code).toBe('INTERNAL')
  })

  it('maps a failed schema to INVALID_INPUT naming the field, as one envelope', () => {
    const parsed = z.object({ limit: z.number().int().max(50) }).safeParse({ limit: 51 })
    expect(parsed.success).toBe(false)
    expect(toErrorEnvelope(parsed.error)).toEqual({
      code: 'INVALID_INPUT',
      message: 'Invalid input: limit: Too big: expected number to be <=50',
      details: { issues: [{ path: 'limit', message: 'Too big: expected number to be <=50' }] }
    })
    const aborted = new DOMException('The operation was aborted', 'AbortError')
    expect(toErrorEnvelope(aborted)).toEqual({
      code: 'CANCELLED',
      message: 'The query was cancelled.'
    })
  })

  it('names hosts without credentials', () => {
    expect(describeHosts('mongodb://ann:secret@a.example:27017,b.example/db?tls=true')).toBe(
      'a.example:27017,b.example'
    )
    expect(describeHosts('mongodb+srv://c.example.net/')).toBe('c.example.net')
  })
})

describe('errors of a running query', () => {
  it('says a broken connection was lost mid-query, and that the app reconnects', () => {
    const reset = new MongoNetworkError('connection 4 to 127.0.0.1:40000 closed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    })
    expect(toAppError(reset, { target: '127.0.0.1:40000' })).toMatchObject({
      code: 'CONNECTION_LOST',
      message:
        'The connection to 127.0.0.1:40000 was lost during the query (connection 4 to 127.0.0.1:40000 closed): the server stopped or the network dropped. The app reconnects by itself once the server answers again; run the query again then.'
    })
    expect(toAppError(new MongoNetworkError('connection 7 to 127.0.0.1:1 closed')).code).toBe(
      'CONNECTION_LOST'
    )
    // A new connection an operation could not open is refused, not lost.
    const refused = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    })
    expect(toAppError(refused).code).toBe('CONNECTION_REFUSED')
  })

  it('names the time limit that was hit and how to raise it', () => {
    const expired = new MongoServerError({
      code: 50,
      codeName: 'MaxTimeMSExpired',
      errmsg: 'operation exceeded time limit'
    })
    expect(
      toAppError(expired, {
        timeLimit: {
          maxTimeMS: 5000,
          appliesTo: 'search and case files',
          howToRaise: "Raise it in the connection's query settings (Connections screen)."
        }
      })
    ).toMatchObject({
      code: 'TIMEOUT',
      message:
        "The query took longer than the 5 s time limit for search and case files (maxTimeMS), so the server stopped it. Raise it in the connection's query settings (Connections screen).",
      details: { code: 50, maxTimeMS: 5000, limit: 'search and case files' }
    })
  })
})
