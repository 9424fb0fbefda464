import { ObjectId } from 'bson'
import {
  MongoNetworkError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError
} from 'mongodb'
import { describe, expect, it } from 'vitest'
import { identifyServer } from '../../../src/main/engine/mongo/detect-capabilities'
import { readExplanation } from '../../../src/main/engine/mongo/explain-find'
import {
  flowEventsFind,
  funnelEventsFind,
  sessionDevicesFind
} from '../../../src/main/engine/mongo/find-specs'
import { describeHosts, mapMongoError } from '../../../src/main/engine/mongo/map-mongo-error'
import { AppError } from '../../../src/shared/errors'

describe('identifyServer', () => {
  it('tells FerretDB, Cosmos DB, DocumentDB and MongoDB apart', () => {
    expect(identifyServer({ version: '7.0.42', ferretdbVersion: 'v1.24.2' }, {}, [])).toEqual({
      flavor: 'ferretdb',
      version: '1.24.2'
    })
    expect(identifyServer({ version: '7.0.77', ferretdb: { version: 'v2.1.0' } }, {}, [])).toEqual({
      flavor: 'ferretdb',
      version: '2.1.0'
    })
    expect(identifyServer({ version: '4.2.0', _t: 'OKMongoResponse' }, {}, []).flavor).toBe(
      'cosmosdb'
    )
    expect(
      identifyServer({ version: '5.0.0' }, {}, ['db.cluster-x.docdb.amazonaws.com']).flavor
    ).toBe('documentdb')
    expect(identifyServer({ version: '8.0.4' }, {}, ['localhost'])).toEqual({
      flavor: 'mongodb',
      version: '8.0.4'
    })
  })
})

describe('readExplanation', () => {
  it('reads MongoDB classic and slot-based plans', () => {
    const classic = readExplanation({
      queryPlanner: {
        winningPlan: {
          stage: 'FETCH',
          inputStage: { stage: 'IXSCAN', indexName: 'userId_1_startTime_-1' }
        }
      }
    })
    expect(classic).toMatchObject({
      server: 'mongodb',
      stage: 'IXSCAN',
      indexName: 'userId_1_startTime_-1'
    })
    const sbe = readExplanation({
      queryPlanner: { winningPlan: { queryPlan: { stage: 'COLLSCAN' }, slotBasedPlan: {} } }
    })
    expect(sbe).toMatchObject({ stage: 'COLLSCAN', indexName: null })
    expect(
      readExplanation({
        queryPlanner: { winningPlan: { stage: 'EXPRESS_IXSCAN', indexName: 'a_1' } }
      }).indexName
    ).toBe('a_1')
    expect(readExplanation({ queryPlanner: { winningPlan: { stage: 'IDHACK' } } }).indexName).toBe(
      '_id_'
    )
  })

  it('reads FerretDB plans from SQLite and PostgreSQL backends', () => {
    const sqlite = readExplanation({
      queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN events_12d8e384'] },
      filterPushdown: true,
      sortPushdown: false
    })
    expect(sqlite).toEqual({
      server: 'ferretdb',
      stage: 'COLLSCAN',
      indexName: null,
      summary: ['SCAN events_12d8e384'],
      pushdown: { filter: true, sort: false }
    })
    const searched = readExplanation({
      queryPlanner: {
        Plan: ['id=3 parent=0 notused=0 detail=SEARCH t USING INDEX t_userid_1 (userId=?)']
      }
    })
    expect(searched).toMatchObject({ stage: 'IXSCAN', indexName: 't_userid_1' })
    const postgres = readExplanation({
      queryPlanner: {
        Plan: [
          {
            Plan: {
              'Node Type': 'Sort',
              Plans: [{ 'Node Type': 'Index Scan', 'Index Name': 'ev_idx' }]
            }
          }
        ]
      },
      filterPushdown: true
    })
    expect(postgres).toMatchObject({ server: 'ferretdb', stage: 'IXSCAN', indexName: 'ev_idx' })
  })
})

describe('mapMongoError', () => {
  it('maps connection failures by their cause', () => {
    const refused = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    })
    const selection = new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', {
      servers: new Map(),
      type: 'Unknown'
    } as never)
    ;(selection as { cause?: unknown }).cause = refused
    expect(mapMongoError(selection, { target: '127.0.0.1:1' })).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message:
        'Cannot connect to 127.0.0.1:1: connection refused. Is the server running and the port right?'
    })
    const dns = new MongoNetworkError('getaddrinfo ENOTFOUND x.invalid', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })
    })
    expect(mapMongoError(dns).code).toBe('HOST_NOT_FOUND')
    const tls = new MongoNetworkError('self-signed certificate', {
      cause: Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT'
      })
    })
    expect(mapMongoError(tls).code).toBe('TLS_FAILED')
  })

  it('maps server, parse and abort errors, and passes AppErrors through', () => {
    expect(
      mapMongoError(new MongoServerError({ code: 18, errmsg: 'Authentication failed.' })).code
    ).toBe('AUTH_FAILED')
    expect(mapMongoError(new MongoServerError({ code: 50, errmsg: 'time limit' })).code).toBe(
      'TIMEOUT'
    )
    expect(
      mapMongoError(new MongoServerError({ code: 168, errmsg: 'Unrecognized pipeline stage name' }))
    ).toMatchObject({
      code: 'QUERY_FAILED',
      message: 'The server rejected the query: Unrecognized pipeline stage name'
    })
    expect(mapMongoError(new MongoParseError('Invalid scheme')).code).toBe('INVALID_URI')
    const controller = new AbortController()
    controller.abort()
    expect(mapMongoError(new Error('whatever'), { signal: controller.signal }).code).toBe(
      'CANCELLED'
    )
    const own = new AppError('NOT_FOUND', 'gone')
    expect(mapMongoError(own)).toBe(own)
    expect(mapMongoError(new TypeError('x is undefined')).code).toBe('INTERNAL')
  })

  it('names hosts without credentials', () => {
    expect(describeHosts('mongodb://ann:secret@a.example:27017,b.example/db?tls=true')).toBe(
      'a.example:27017,b.example'
    )
    expect(describeHosts('mongodb+srv://c.example.net/')).toBe('c.example.net')
  })
})

describe('find specs of the reducer strategy', () => {
  const scope = {
    range: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') },
    segment: { metadataEquals: [{ key: 'referrer', value: 'google' }] }
  }
  const steps = [{ eventType: 'PAGE_VIEW', pageUrl: '/cart' }, { eventType: 'PURCHASE' }]

  it('asks only for step event types, except in strict mode, and extends the range by the window', () => {
    const ordered = funnelEventsFind({ ...scope, steps, mode: 'ordered', windowSeconds: 3600 })
    expect(ordered.filter).toEqual({
      timestamp: { $gte: scope.range.from, $lt: new Date('2025-02-01T01:00:00Z') },
      eventType: { $in: ['PAGE_VIEW', 'PURCHASE'] },
      'metadata.referrer': 'google'
    })
    expect(ordered.projection).toMatchObject({ 'metadata.pageUrl': 1, 'metadata.referrer': 1 })
    expect(ordered.sort).toEqual({ userId: 1, timestamp: 1, _id: 1 })
    const strict = funnelEventsFind({ ...scope, steps, mode: 'strict', windowSeconds: 3600 })
    expect(strict.filter).not.toHaveProperty('eventType')
  })

  it('reads page views by session, and devices only of the segment', () => {
    const flows = flowEventsFind({ ...scope, page: '/', direction: 'from', depth: 3, topN: 5 })
    expect(flows.filter.eventType).toBe('PAGE_VIEW')
    expect(flows.sort).toEqual({ sessionId: 1, timestamp: 1, _id: 1 })
    expect(sessionDevicesFind({ browsers: ['Chrome'] }).filter).toEqual({
      'deviceInfo.browser': { $in: ['Chrome'] }
    })
    expect(sessionDevicesFind({}).filter).toEqual({})
    expect(new ObjectId('65000000000000000000abcd').toHexString()).toHaveLength(24)
  })
})
