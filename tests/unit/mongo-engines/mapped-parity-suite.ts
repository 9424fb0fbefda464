import { expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { normaliseData } from '../../../src/main/mapping/normalise/normalise-data'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import type { FlowSelection } from '../../../src/shared/journeys/query-schemas'
import type { FieldMapping } from '../../../src/shared/mapping/field-mapping'
import { expectSubstance } from '../../helpers/answer-substance'
import { readFolderCollections } from '../../helpers/read-folder-collections'
import { localEngineOver, testContext } from '../pipelines/parity-data'
import { FLOWS, FUNNEL_MODES, FUNNELS, OVERVIEWS } from '../pipelines/parity-queries'
import {
  RENAMED_EVENT_NAMES,
  RENAMED_SEED_MAPPING,
  renameSeedCollections
} from './renamed-seed-shape'

/*
 * The parity of a MongoDB strategy reading a source through its field mapping: on demo data in
 * another shape (Segment, PostHog, or the seed's collections renamed, with a sessions collection),
 * every answer of the strategy equals the local engine's on the mapped copy, in every funnel mode,
 * with and without breakdowns and segments, for flows, overviews, the catalogue, search and case
 * files.
 */

export const MAPPED_PARITY_SHAPES = ['segment', 'posthog', 'renamed'] as const
export type MappedParityShape = (typeof MAPPED_PARITY_SHAPES)[number]

/** A shape's raw collections, its mapping and the local engine over its mapped copy. */
export interface MappedShapeData {
  raw: Record<string, unknown[]>
  mapping: FieldMapping
  local: LocalJourneyEngine
  /** The data's own name of a seed event type (page views and purchases keep the seed's). */
  words(type: string): string
}

/** Generates the shape's demo data in `folder` and reads it, and its mapped copy, into memory. */
export async function loadMappedShape(
  folder: string,
  shape: MappedParityShape,
  users: number
): Promise<MappedShapeData> {
  const renamed = shape === 'renamed'
  await generateDemoFolder({ outDir: folder, users, seed: 23, shape: renamed ? 'seed' : shape })
  const files = await readFolderCollections(folder)
  const raw = renamed ? renameSeedCollections(files) : files
  const mapping = renamed ? RENAMED_SEED_MAPPING : DEMO_SHAPE_SPECS[shape].mapping
  const names = renamed ? RENAMED_EVENT_NAMES : DEMO_SHAPE_SPECS[shape].eventNames
  const copy = normaliseData(
    {
      users: mapping.users ? (raw[mapping.users.collection] ?? []) : null,
      sessions: mapping.sessions ? (raw[mapping.sessions.collection] ?? []) : null,
      events: raw[mapping.events.collection] ?? []
    },
    mapping
  )
  return {
    raw,
    mapping,
    local: await localEngineOver(copy),
    words: (type) =>
      type === EVENT_TYPES.pageView || type === EVENT_TYPES.purchase ? type : (names[type] ?? type)
  }
}

export const answerOf = <T extends { plan: unknown }>(result: T): Omit<T, 'plan'> => {
  const { plan: _plan, ...rest } = result
  return rest
}

/**
 * The parity tests of one shape: `current` gives the shape's data and the strategy's engine over
 * its raw collections (both made in the caller's `beforeAll`).
 */
export function mappedParityTests(
  strategy: JourneyEngine['strategy'],
  current: () => { data: MappedShapeData; engine: JourneyEngine }
): void {
  for (const mode of FUNNEL_MODES) {
    for (const [name, funnel] of Object.entries(FUNNELS)) {
      it(`funnel ${mode}: ${name}`, async () => {
        const { data, engine } = current()
        const query = {
          ...funnel,
          mode,
          steps: funnel.steps.map((step) => ({ ...step, eventType: data.words(step.eventType) }))
        }
        const expected = await data.local.funnel(query, testContext())
        expectSubstance(expected, `funnel ${mode}: ${name}`)
        const result = await engine.funnel(query, testContext())
        expect(result.plan.strategy).toBe(strategy)
        expect(answerOf(result)).toEqual(answerOf(expected))
        const usersQuery = {
          ...query,
          step: 2,
          outcome: 'dropped' as const,
          page: { offset: 0, limit: 7 }
        }
        expect(answerOf(await engine.funnelUsers(usersQuery, testContext()))).toEqual(
          answerOf(await data.local.funnelUsers(usersQuery, testContext()))
        )
      })
    }
  }

  for (const [name, flow] of Object.entries(FLOWS)) {
    it(`flows and flow users: ${name}`, async () => {
      const { data, engine } = current()
      const query = { ...flow, page: flow.page === '{popular}' ? '/cart' : flow.page }
      const expected = await data.local.flows(query, testContext())
      expectSubstance(expected, `flows: ${name}`)
      expect(answerOf(await engine.flows(query, testContext()))).toEqual(answerOf(expected))
      const edge = expected.edges[0]
      const selections: FlowSelection[] = [
        { kind: 'node', id: (expected.nodes.at(-1) ?? expected.nodes[0])?.id ?? '' },
        ...(edge ? [{ kind: 'edge' as const, source: edge.source, target: edge.target }] : [])
      ]
      for (const selection of selections) {
        const usersQuery = { ...query, selection, users: { offset: 0, limit: 5 } }
        expect(answerOf(await engine.flowUsers(usersQuery, testContext()))).toEqual(
          answerOf(await data.local.flowUsers(usersQuery, testContext()))
        )
      }
    })
  }

  for (const [name, query] of Object.entries(OVERVIEWS)) {
    it(`overview: ${name}`, async () => {
      const { data, engine } = current()
      const expected = await data.local.overview(query, testContext())
      expectSubstance(expected, `overview: ${name}`)
      expect(answerOf(await engine.overview(query, testContext()))).toEqual(answerOf(expected))
    })
  }

  it('catalogue', async () => {
    const { data, engine } = current()
    const query = { pagePrefix: '', refresh: false }
    const expected = await data.local.catalogue(query, testContext())
    expectSubstance(expected, 'catalogue')
    const {
      computedAt: _a,
      fromCache: _b,
      ...mapped
    } = answerOf(await engine.catalogue(query, testContext()))
    const { computedAt: _c, fromCache: _d, ...seed } = answerOf(expected)
    expect(mapped).toEqual(seed)
  })

  it('customer search and case files, by mapped id, email and name', async () => {
    const { data, engine } = current()
    const someone = await data.local.customerCaseFile(
      { userId: 'u000007', sessions: { offset: 0, limit: 1 } },
      testContext()
    )
    for (const text of ['u000007', someone.user.email, someone.user.name.slice(0, 2), 'a', '(']) {
      const expected = await data.local.searchCustomers({ text, limit: 20 }, testContext())
      if (text !== '(') expectSubstance(expected, `search ${text}`)
      expect(answerOf(await engine.searchCustomers({ text, limit: 20 }, testContext()))).toEqual(
        answerOf(expected)
      )
    }
    for (const userId of ['u000001', 'u000007', 'u000042']) {
      const query = { userId, sessions: { offset: 0, limit: 3 } }
      const expected = await data.local.customerCaseFile(query, testContext())
      expectSubstance(expected, `case file of ${userId}`)
      expect(answerOf(await engine.customerCaseFile(query, testContext()))).toEqual(
        answerOf(expected)
      )
    }
    await expect(
      engine.customerCaseFile(
        { userId: 'no-such-user', sessions: { offset: 0, limit: 5 } },
        testContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
}
