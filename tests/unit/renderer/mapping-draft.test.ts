import { describe, expect, it } from 'vitest'
import {
  draftFromMapping,
  draftFromProposal,
  mappingFromDraft,
  roleOptions
} from '../../../src/renderer/src/features/mapping/mapping-draft'
import { fieldMappingSchema, SEED_MAPPING } from '../../../src/shared/mapping/field-mapping'
import type { MappingProposal } from '../../../src/shared/mapping/mapping-proposal'

/** A PostHog-style mapping: no sessions collection, persons by distinct id. */
const POSTHOG_LIKE = fieldMappingSchema.parse({
  events: {
    collection: 'events',
    userId: 'distinct_id',
    sessionId: 'properties.session_id',
    eventName: 'event',
    timestamp: 'timestamp',
    pageUrl: 'properties.current_url',
    properties: 'properties'
  },
  users: { collection: 'persons', id: 'distinct_id', email: 'properties.email' },
  eventNames: { pageView: '$pageview', purchase: 'purchase' },
  sessionIdleMinutes: 45
})

describe('the Data mapping panel’s draft', () => {
  it.each([
    ['seed', SEED_MAPPING],
    ['PostHog-like', POSTHOG_LIKE]
  ] as const)('reads the %s mapping back unchanged', (_name, mapping) => {
    expect(mappingFromDraft(draftFromMapping(mapping))).toEqual({ mapping })
  })

  it('maps an empty role to nothing, an empty id to _id, an empty collection to none', () => {
    const draft = draftFromMapping(SEED_MAPPING)
    draft.roles.events.pageUrl = '  '
    draft.roles.users.id = ''
    draft.collections.sessions = ''
    const read = mappingFromDraft(draft)
    if (!('mapping' in read)) throw new Error(read.problem)
    expect(read.mapping.events.pageUrl).toBeNull()
    expect(read.mapping.users?.id).toBe('_id')
    expect(read.mapping.sessions).toBeNull()
  })

  it('names the first thing to fix in words', () => {
    const draft = draftFromMapping(SEED_MAPPING)
    draft.roles.events.userId = ''
    expect(mappingFromDraft(draft)).toEqual({
      problem: expect.stringMatching(/^User id of events: /) as unknown
    })
    const named = draftFromMapping(SEED_MAPPING)
    named.purchase = ''
    expect(mappingFromDraft(named)).toEqual({
      problem: expect.stringMatching(/^Purchase event name: /) as unknown
    })
    const path = draftFromMapping(SEED_MAPPING)
    path.roles.events.timestamp = 'a..b'
    expect(mappingFromDraft(path)).toEqual({
      problem: 'Time of events: a field path is names joined by dots, like properties.path'
    })
  })

  it('starts an undecided proposal from its decided roles, and offers each role’s candidates', () => {
    const proposal = {
      mapping: null,
      collections: [],
      chosenCollections: { events: 'tracks', sessions: null, users: null },
      events: [
        {
          role: 'userId',
          chosen: null,
          decided: false,
          reason: 'two fields fit',
          candidates: [
            {
              path: 'userId',
              presence: 0.98,
              types: [{ type: 'String', share: 0.98 }],
              score: 0.8,
              examples: []
            },
            {
              path: 'anonymousId',
              presence: 1,
              types: [{ type: 'String', share: 1 }],
              score: 0.8,
              examples: []
            }
          ]
        },
        {
          role: 'eventName',
          chosen: 'event',
          decided: true,
          reason: 'named so',
          candidates: []
        }
      ],
      sessions: [],
      users: [],
      eventNames: {
        pageView: { chosen: 'Page Viewed', decided: true, reason: '', candidates: [] },
        purchase: { chosen: null, decided: false, reason: '', candidates: [] }
      },
      timestampFormat: 'iso-string',
      keepQueryString: false,
      undecided: ['user id'],
      notes: []
    } as unknown as MappingProposal
    const draft = draftFromProposal(proposal)
    expect(draft.collections).toEqual({ events: 'tracks', sessions: '', users: '' })
    expect(draft.roles.events).toMatchObject({ userId: '', eventName: 'event' })
    expect([draft.pageView, draft.purchase]).toEqual(['Page Viewed', ''])
    expect(roleOptions(proposal, 'events', 'userId')).toEqual([
      { value: 'userId', label: 'userId · in 98 % · String' },
      { value: 'anonymousId', label: 'anonymousId · in 100 % · String' }
    ])
    expect(roleOptions(null, 'events', 'userId')).toEqual([])
  })
})
