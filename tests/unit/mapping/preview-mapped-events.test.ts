import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { folderDocumentSource } from '../../../src/main/mapping/doctor/document-sources'
import { previewMappedEvents } from '../../../src/main/mapping/preview-mapped-events'

let home: string
const mapping = DEMO_SHAPE_SPECS.posthog.mapping
const signal = new AbortController().signal

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-preview-'))
  await generateDemoFolder({ outDir: home, users: 5, seed: 3, shape: 'posthog' })
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe('previewMappedEvents', () => {
  it('reads the first events as queries will: PAGE_VIEW, paths, dates, session ids', async () => {
    const preview = await previewMappedEvents(folderDocumentSource(home), mapping, 10, signal)
    expect(preview.collection).toBe('events')
    expect(preview.events).toHaveLength(10)
    for (const event of preview.events) {
      expect(event.problem).toBeNull()
      expect(event.userId).toMatch(/^u\d{6}$/)
      expect(event.sessionId).not.toBeNull()
      expect(event.timestamp).toBeInstanceOf(Date)
    }
    const views = preview.events.filter((event) => event.eventType === 'PAGE_VIEW')
    expect(views.length).toBeGreaterThan(0)
    for (const view of views) expect(view.pageUrl).toMatch(/^\/[^:]*$/)
  })

  it('says why an event is left out, in the data’s own field names', async () => {
    const broken = { ...mapping, events: { ...mapping.events, userId: 'person_id' } }
    const preview = await previewMappedEvents(folderDocumentSource(home), broken, 3, signal)
    expect(preview.events.map((event) => event.problem)).toEqual(
      Array(3).fill('Left out of every query: no user id (person_id).')
    )
  })

  it('names a mapped collection that is not there', async () => {
    const elsewhere = { ...mapping, events: { ...mapping.events, collection: 'tracks' } }
    await expect(
      previewMappedEvents(folderDocumentSource(home), elsewhere, 10, signal)
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message:
        'The mapping reads events from tracks, which is not there. Collections: events, persons.'
    })
  })
})
