import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { normaliseFolder } from '../../../src/main/mapping/normalise/normalise-folder'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import {
  customerSearchSchema,
  flowQuerySchema,
  funnelQuerySchema,
  overviewQuerySchema
} from '../../../src/shared/journeys/query-schemas'
import { runCliInMemory } from '../../helpers/run-cli-in-memory'
import type { CallContext } from '../../../src/shared/rpc/contract'

/*
 * Data of another shape, read through its mapping, answers every query exactly as the seed shape of
 * the same simulated visits does (the local engine over the normalised folder).
 */

const USERS = 60
const SEED = 17
let home: string
const services = new Map<string, JourneysService>()

function context(): CallContext {
  return { signal: new AbortController().signal, reportProgress: () => undefined }
}

function service(shape: string): JourneysService {
  const found = services.get(shape)
  if (!found) throw new Error(`no service for ${shape}`)
  return found
}

/** An answer without its plan (notes say how the data was read, which differs by shape). */
function answer<T extends { plan: unknown }>(result: T): Omit<T, 'plan'> {
  const { plan: _plan, ...rest } = result
  return rest
}

/** Session ids derived from the events (`u000001#2`) differ from the generator's: drop them. */
function withoutSessionIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, field: unknown) =>
    key === 'sessionId' ||
    key === 'sessionIds' ||
    (key === '_id' && typeof field === 'string' && /#|^s\d+$/.test(field))
      ? undefined
      : field
  )
}

/**
 * The seed's answer in a shape's words: event types other than page views and purchases (which
 * the mapping names `PAGE_VIEW` and `PURCHASE`) as the shape calls them.
 */
function inShapeWords(value: unknown, shape: 'segment' | 'posthog'): unknown {
  const names = DEMO_SHAPE_SPECS[shape].eventNames
  const kept = new Set<string>([EVENT_TYPES.pageView, EVENT_TYPES.purchase])
  return JSON.parse(JSON.stringify(value), (key, field: unknown) =>
    key === 'eventType' && typeof field === 'string' && !kept.has(field)
      ? (names[field] ?? field)
      : field
  )
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-normalise-'))
  for (const shape of ['seed', 'segment', 'posthog'] as const) {
    const raw = join(home, `${shape}-raw`)
    await generateDemoFolder({ outDir: raw, users: USERS, seed: SEED, shape })
    const folder = join(home, shape)
    if (shape === 'seed') {
      services.set(shape, new JourneysService({ demoFolder: raw }))
    } else {
      await normaliseFolder(raw, DEMO_SHAPE_SPECS[shape].mapping, folder)
      services.set(shape, new JourneysService({ demoFolder: folder }))
    }
  }
}, 120_000)

afterAll(async () => {
  for (const journeys of services.values()) await journeys.close()
  await rm(home, { recursive: true, force: true })
})

const source = { kind: 'demo' as const }

describe.each(['segment', 'posthog'] as const)('%s shape through its mapping', (shape) => {
  const addToCart = (): string => DEMO_SHAPE_SPECS[shape].eventNames[EVENT_TYPES.addToCart] ?? ''

  it('finds the same customers by id, email and name', async () => {
    const someone = await service('seed').customerCaseFile(
      { source, userId: 'u000007', sessions: { offset: 0, limit: 1 } },
      context()
    )
    for (const text of ['u000007', someone.user.email, someone.user.name.slice(0, 2)]) {
      const query = customerSearchSchema.parse({ source, text })
      const seed = await service('seed').searchCustomers(query, context())
      const mapped = await service(shape).searchCustomers(query, context())
      expect(seed.total, text).toBeGreaterThan(0)
      expect(answer(mapped)).toEqual(answer(seed))
    }
  })

  it('opens the same case files', async () => {
    for (const userId of ['u000001', 'u000007', 'u000042']) {
      const query = { source, userId, sessions: { offset: 0, limit: 50 } }
      const seed = await service('seed').customerCaseFile(query, context())
      const mapped = await service(shape).customerCaseFile(query, context())
      expect(seed.totals.sessions).toBeGreaterThan(0)
      const seedAnswer = inShapeWords(answer(seed), shape)
      if (shape === 'posthog')
        expect(JSON.parse(JSON.stringify(answer(mapped)))).toEqual(seedAnswer)
      else expect(withoutSessionIds(answer(mapped))).toEqual(withoutSessionIds(seedAnswer))
    }
  })

  it('counts the same funnels in every mode, with a step named in the data’s own words', async () => {
    for (const mode of ['ordered', 'strict', 'any'] as const) {
      const steps = (cart: string) => [
        { eventType: EVENT_TYPES.pageView, pageUrl: '/' },
        { eventType: cart },
        { eventType: EVENT_TYPES.pageView, pageUrl: '/checkout*' },
        { eventType: EVENT_TYPES.purchase }
      ]
      const seed = await service('seed').funnel(
        funnelQuerySchema.parse({
          source,
          steps: steps(EVENT_TYPES.addToCart),
          mode,
          windowSeconds: 7 * 86400,
          breakdown: 'browser'
        }),
        context()
      )
      const mapped = await service(shape).funnel(
        funnelQuerySchema.parse({
          source,
          steps: steps(addToCart()),
          mode,
          windowSeconds: 7 * 86400,
          breakdown: 'browser'
        }),
        context()
      )
      expect(seed.steps[0]?.users).toBeGreaterThan(0)
      // Step labels name the step as asked: the data's own words on each side.
      const names = (r: typeof seed): unknown =>
        JSON.parse(JSON.stringify(answer(r)), (key, field: unknown) =>
          key === 'label' && typeof field === 'string' && !field.includes(' min')
            ? undefined
            : field
        )
      expect(names(mapped)).toEqual(names(seed))
    }
  })

  it('draws the same flows and overview', async () => {
    const flows = flowQuerySchema.parse({ source, page: '/', depth: 5, topN: 8 })
    const seedFlows = await service('seed').flows(flows, context())
    expect(seedFlows.nodes.length).toBeGreaterThan(1)
    expect(answer(await service(shape).flows(flows, context()))).toEqual(answer(seedFlows))
    const overview = overviewQuerySchema.parse({ source, timeZone: 'Europe/Berlin' })
    const seedOverview = await service('seed').overview(overview, context())
    expect(seedOverview.totals.users).toBeGreaterThan(USERS / 2)
    expect(answer(await service(shape).overview(overview, context()))).toEqual(answer(seedOverview))
  })
})

describe('the command line with --mapping', () => {
  const cli = runCliInMemory

  it('answers on a Segment-style folder as on the seed one, and says how it read the data', async () => {
    const mappingFile = join(home, 'segment.json')
    await writeFile(mappingFile, JSON.stringify(DEMO_SHAPE_SPECS.segment.mapping))
    const args = ['overview', '--time-zone', 'Europe/Berlin', '--format', 'csv']
    const seed = await cli([...args, '--data', join(home, 'seed-raw')])
    const mapped = await cli([
      ...args,
      '--data',
      join(home, 'segment-raw'),
      '--mapping',
      mappingFile
    ])
    expect(seed.code).toBe(0)
    expect(mapped.code, mapped.stderr).toBe(0)
    expect(mapped.stdout).toBe(seed.stdout)
    expect(mapped.stderr).toContain('Sessions are derived from the events')
    expect(mapped.stderr).toContain('Page views are named PAGE_VIEW and purchases PURCHASE')
    // The second time, the copy is reused (and still says how it was read).
    const again = await cli([
      ...args,
      '--data',
      join(home, 'segment-raw'),
      '--mapping',
      mappingFile
    ])
    expect(again.stdout).toBe(seed.stdout)
    expect(again.stderr).toContain('Sessions are derived from the events')
  })

  it('refuses --mapping on the demo, and a mapping whose collections are not in the folder', async () => {
    const mappingFile = join(home, 'posthog.json')
    await writeFile(mappingFile, JSON.stringify(DEMO_SHAPE_SPECS.posthog.mapping))
    const demo = await cli(['search', 'a', '--mapping', mappingFile])
    expect(demo.code).toBe(2)
    expect(demo.stderr).toContain('--mapping reads --data folders and --uri servers')
    const wrongFolder = await cli([
      'search',
      'a',
      '--data',
      join(home, 'segment-raw'),
      '--mapping',
      mappingFile
    ])
    expect(wrongFolder.code).toBe(2)
    expect(wrongFolder.stderr).toContain('The mapping reads persons')
  })
})
