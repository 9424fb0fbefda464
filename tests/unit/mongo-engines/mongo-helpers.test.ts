import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { identifyServer } from '../../../src/main/engine/mongo/detect-capabilities'
import { readExplanation } from '../../../src/main/engine/mongo/explain-find'
import {
  flowEventsFind,
  funnelEventsFind,
  sessionDevicesFind
} from '../../../src/main/engine/mongo/find-specs'

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
