import { beforeAll, describe, expect, it } from 'vitest'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type { Collections } from './mingo-runner'
import { localEngineOver, parityCollections, testContext } from './parity-data'
import { OBJECT_ID_EVENTS, PARITY_TIMEOUT_MS } from './parity-queries'
import { pipelineCaseFile, pipelineCustomerSearch, withoutPlan } from './pipeline-answers'

const idText = (id: unknown): string =>
  typeof id === 'object' && id !== null && 'toHexString' in id
    ? (id as { toHexString(): string }).toHexString()
    : String(id)

/** The user with the most events. */
function mostActive(data: Collections): string {
  const counts = new Map<string, number>()
  for (const event of data.events) {
    const key = idText(event.userId)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
}

for (const idKind of ['string', 'objectId'] as const) {
  describe(`customer search and case files on ${OBJECT_ID_EVENTS.toLocaleString('en-US')} events (${idKind} ids)`, () => {
    let data: Collections
    let engine: LocalJourneyEngine

    beforeAll(async () => {
      const options = { seed: 41, events: OBJECT_ID_EVENTS, idKind, oddities: true }
      data = parityCollections(options)
      engine = await localEngineOver(parityCollections(options))
    }, PARITY_TIMEOUT_MS)

    it('search: prefixes, exact ids and emails, regex characters taken literally', async () => {
      const someUser = data.users[17]
      if (!someUser) throw new Error('too few users')
      const texts = [
        'a',
        'Ma',
        'zoe',
        'élodie',
        'ELODIE@EXAMPLE.COM',
        someUser.email.toUpperCase(),
        idText(someUser._id),
        idText(someUser._id).toUpperCase(),
        'zed (',
        'z.z+',
        '.',
        "o'",
        '(',
        'nobody at all'
      ]
      for (const text of texts) {
        for (const limit of [50, 3]) {
          const query = { text, limit }
          const expected = withoutPlan(await engine.searchCustomers(query, testContext()))
          expect(pipelineCustomerSearch(data, query), `search "${text}" limit ${limit}`).toEqual(
            expected
          )
        }
      }
      expect(pipelineCustomerSearch(data, { text: '.', limit: 50 }).total).toBe(0)
      const a = pipelineCustomerSearch(data, { text: 'a', limit: 3 })
      expect(a.customers).toHaveLength(3)
      expect(a.total).toBeGreaterThan(3)
      expect(pipelineCustomerSearch(data, { text: 'ÉLODIE', limit: 50 }).total).toBe(1)
      expect(pipelineCustomerSearch(data, { text: idText(someUser._id), limit: 5 }).total).toBe(1)
    })

    it(
      'case files: totals, paged sessions with their events, journey graph',
      async () => {
        const busiest = [
          ...data.sessions.reduce(
            (m, s) => m.set(idText(s.userId), (m.get(idText(s.userId)) ?? 0) + 1),
            new Map<string, number>()
          )
        ].sort((a, b) => b[1] - a[1])[0]?.[0]
        const ids = [
          idText(data.users[0]?._id),
          mostActive(data), // a crawler when the data has one
          busiest ?? '',
          'odd-user-a',
          '650000000000000000000001',
          'odd-user-none',
          'no-such-user'
        ]
        for (const userId of ids) {
          for (const sessions of [
            { offset: 0, limit: 20 },
            { offset: 2, limit: 3 }
          ]) {
            const query = { userId, sessions }
            const mine = pipelineCaseFile(data, query)
            const theirs = await engine
              .customerCaseFile(query, testContext())
              .then(withoutPlan, () => null)
            expect(mine, `case file ${userId}`).toEqual(theirs)
            if (userId !== 'no-such-user') expect(mine).not.toBeNull()
          }
        }
      },
      PARITY_TIMEOUT_MS
    )
  })
}
