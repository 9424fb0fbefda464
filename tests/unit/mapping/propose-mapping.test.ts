import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS, DEMO_SHAPES } from '../../../src/main/data/demo/shapes/demo-shape'
import { proposeMapping } from '../../../src/main/mapping/propose-mapping'
import { sampleFolder } from '../../../src/main/mapping/sample-folder'
import { fieldMappingSchema } from '../../../src/shared/mapping/field-mapping'
import { useTempFolders } from '../data/temp-folder'

async function writeNdjson(folder: string, name: string, documents: unknown[]): Promise<void> {
  await writeFile(
    join(folder, `${name}.ndjson`),
    documents.map((d) => JSON.stringify(d)).join('\n')
  )
}

describe('proposeMapping from a sampled folder', () => {
  const tempFolder = useTempFolders()

  it.each(DEMO_SHAPES)('proposes the %s shape’s mapping without help', async (shape) => {
    const folder = await tempFolder()
    await generateDemoFolder({ outDir: folder, seed: 5, users: 400, shape })
    const proposal = await proposeMapping(await sampleFolder(folder))
    expect(proposal.undecided).toEqual([])
    expect(fieldMappingSchema.parse(proposal.mapping)).toEqual(DEMO_SHAPE_SPECS[shape].mapping)
  })

  it('says which role it cannot decide when two fields fit equally well', async () => {
    const folder = await tempFolder()
    const base = Date.UTC(2025, 0, 1)
    await writeNdjson(
      folder,
      'hits',
      Array.from({ length: 60 }, (_, i) => ({
        _id: `h${String(i)}`,
        user_id: `u${String(i % 7)}`,
        event: i % 5 === 0 ? 'purchase' : 'pageview',
        time: new Date(base + i * 1000).toISOString(),
        ts: new Date(base + i * 2000).toISOString()
      }))
    )
    const proposal = await proposeMapping(await sampleFolder(folder))
    expect(proposal.mapping).toBeNull()
    const timestamp = proposal.events.find((role) => role.role === 'timestamp')
    expect(timestamp).toMatchObject({ chosen: null, decided: false })
    expect(timestamp?.reason).toMatch(/time and ts fit equally well/)
    expect(proposal.undecided.join('\n')).toMatch(/timestamp/)
  })

  it('says when no event name looks like a purchase, and lists the names it saw', async () => {
    const folder = await tempFolder()
    await writeNdjson(
      folder,
      'events',
      Array.from({ length: 40 }, (_, i) => ({
        userId: `u${String(i % 3)}`,
        eventType: i % 2 ? 'PAGE_VIEW' : 'CLICK',
        timestamp: { $date: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }
      }))
    )
    const proposal = await proposeMapping(await sampleFolder(folder))
    expect(proposal.mapping).toBeNull()
    expect(proposal.eventNames.pageView.chosen).toBe('PAGE_VIEW')
    expect(proposal.eventNames.purchase).toMatchObject({ chosen: null, decided: false })
    expect(proposal.eventNames.purchase.candidates.map((c) => c.name)).toEqual([
      'CLICK',
      'PAGE_VIEW'
    ])
    expect(proposal.undecided).toEqual([expect.stringMatching(/purchase event name/)])
  })

  it('says when no collection looks like events', async () => {
    const folder = await tempFolder()
    await writeNdjson(folder, 'products', [{ _id: 1, title: 'Phone', price: 100 }])
    const proposal = await proposeMapping(await sampleFolder(folder))
    expect(proposal.mapping).toBeNull()
    expect(proposal.chosenCollections.events).toBeNull()
    expect(proposal.undecided).toEqual([expect.stringMatching(/the events collection/)])
  })
})
