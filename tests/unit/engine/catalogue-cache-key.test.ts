import { describe, expect, it } from 'vitest'
import type { CatalogueResult } from '../../../src/shared/journeys/results'
import { SEED_MAPPING, type FieldMapping } from '../../../src/shared/mapping/field-mapping'
import {
  CatalogueCache,
  catalogueSourceKey
} from '../../../src/main/services/journeys/catalogue-cache'

const source = { kind: 'connection', connectionId: 'c1', database: 'shop' } as const
const posthog: FieldMapping = {
  ...SEED_MAPPING,
  events: { ...SEED_MAPPING.events, userId: 'distinct_id', eventName: 'event' }
}

function catalogueNamed(eventType: string): CatalogueResult {
  return {
    eventTypes: [{ name: eventType, events: 1 }],
    pages: [],
    pagesTotal: 0,
    browsers: [],
    operatingSystems: [],
    computedAt: new Date('2030-01-01T00:00:00Z'),
    fromCache: false,
    plan: { strategy: 'reducer', steps: [], notes: [] }
  }
}

describe('the catalogue cache keys a source by the mapping it is read through', () => {
  it('the seed schema, saved or not, is one key; another mapping is another', () => {
    expect(catalogueSourceKey(source, SEED_MAPPING)).toBe(catalogueSourceKey(source))
    expect(catalogueSourceKey(source, null)).toBe(catalogueSourceKey(source))
    expect(catalogueSourceKey(source, posthog)).not.toBe(catalogueSourceKey(source))
  })

  it('a catalogue read before a mapping was saved does not answer for the mapped source', () => {
    const cache = new CatalogueCache()
    cache.set(catalogueSourceKey(source), undefined, catalogueNamed('PAGE_VIEW'))
    expect(cache.get(catalogueSourceKey(source, posthog), undefined)).toBeNull()
    cache.set(catalogueSourceKey(source, posthog), undefined, catalogueNamed('$pageview'))
    expect(cache.get(catalogueSourceKey(source, posthog), undefined)?.eventTypes).toEqual([
      { name: '$pageview', events: 1 }
    ])
    // A refresh of the mapped source forgets only its own answers.
    cache.forget(catalogueSourceKey(source, posthog))
    expect(cache.get(catalogueSourceKey(source, posthog), undefined)).toBeNull()
    expect(cache.get(catalogueSourceKey(source), undefined)?.eventTypes[0]?.name).toBe('PAGE_VIEW')
  })
})
