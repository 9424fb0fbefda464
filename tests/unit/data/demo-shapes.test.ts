import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateDemoData } from '../../../src/main/data/demo/generate-demo-data'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import {
  DEMO_SHAPE_SPECS,
  DEMO_SHAPES,
  type DemoShape
} from '../../../src/main/data/demo/shapes/demo-shape'
import { POSTHOG_ORIGIN } from '../../../src/main/data/demo/shapes/shape-event-names'
import { parseExtendedJsonLine } from '../../../src/main/data/ndjson/parse-extended-json-line'
import { EVENT_TYPES, type EventDocument } from '../../../src/shared/journeys/documents'
import { fieldMappingSchema } from '../../../src/shared/mapping/field-mapping'
import { useTempFolders } from './temp-folder'

const OPTIONS = { seed: 11, users: 120 }

async function readDocuments(
  folder: string,
  collection: string
): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(folder, `${collection}.ndjson`), 'utf8')
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => parseExtendedJsonLine(line) as Record<string, unknown>)
}

describe('demo data shapes: the same visits in the seed, Segment and PostHog shapes', () => {
  const tempFolder = useTempFolders()
  const seedEvents = [...generateDemoData(OPTIONS)].flatMap((bundle) => bundle.events)
  const seedById = new Map<unknown, EventDocument>(seedEvents.map((event) => [event._id, event]))

  async function write(shape: DemoShape): Promise<string> {
    const folder = await tempFolder()
    const result = await generateDemoFolder({ ...OPTIONS, outDir: folder, shape })
    expect(Object.keys(result.files).sort()).toEqual(
      [...DEMO_SHAPE_SPECS[shape].collections].sort()
    )
    expect(result.counts.events).toBe(seedEvents.length)
    return folder
  }

  it.each(DEMO_SHAPES)('%s: its mapping is valid and names collections it writes', (shape) => {
    const spec = DEMO_SHAPE_SPECS[shape]
    const mapping = fieldMappingSchema.parse(spec.mapping)
    expect(spec.collections).toContain(mapping.events.collection)
    if (mapping.users) expect(spec.collections).toContain(mapping.users.collection)
    if (mapping.sessions) expect(spec.collections).toContain(mapping.sessions.collection)
    expect(spec.eventNames[EVENT_TYPES.pageView]).toBe(mapping.eventNames.pageView)
    expect(spec.eventNames[EVENT_TYPES.purchase]).toBe(mapping.eventNames.purchase)
  })

  it('segment: every event once, with ISO string times, renamed fields and no session id', async () => {
    const folder = await write('segment')
    const tracks = await readDocuments(folder, 'tracks')
    expect(tracks).toHaveLength(seedEvents.length)
    for (const track of tracks) {
      const seed = seedById.get(track._id) as EventDocument
      expect(track.timestamp).toBe(seed.timestamp.toISOString())
      expect(track.event).toBe(DEMO_SHAPE_SPECS.segment.eventNames[seed.eventType])
      const properties = track.properties as Record<string, unknown>
      expect(properties.path).toBe(seed.metadata?.pageUrl)
      expect(properties.revenue).toBe(seed.metadata?.amount)
      expect(JSON.stringify(track)).not.toContain(String(seed.sessionId))
    }
    expect(await readDocuments(folder, 'identifies')).toHaveLength(OPTIONS.users)
  })

  it('posthog: every event once, with epoch times, absolute URLs and session ids', async () => {
    const folder = await write('posthog')
    const events = await readDocuments(folder, 'events')
    expect(events).toHaveLength(seedEvents.length)
    for (const event of events) {
      const seed = seedById.get(event._id) as EventDocument
      expect(event.timestamp).toBe(seed.timestamp.getTime())
      expect(event.distinct_id).toBe(seed.userId)
      const properties = event.properties as Record<string, unknown>
      expect(properties.session_id).toBe(seed.sessionId)
      const page = seed.metadata?.pageUrl
      expect(properties.current_url).toBe(page === undefined ? undefined : POSTHOG_ORIGIN + page)
    }
    const persons = await readDocuments(folder, 'persons')
    expect(persons).toHaveLength(OPTIONS.users)
    expect(typeof persons[0]?.created_at).toBe('number')
  })
})
