import { describe, expect, it } from 'vitest'
import { generateDemoData } from '../../src/main/data/demo/generate-demo-data'
import { DEMO_SHAPE_SPECS, DEMO_SHAPES } from '../../src/main/data/demo/shapes/demo-shape'
import { proposeMapping } from '../../src/main/mapping/propose-mapping'
import { sampleDatabase } from '../../src/main/mapping/sample-database'
import { fieldMappingSchema } from '../../src/shared/mapping/field-mapping'
import { useTestDatabase } from '../helpers/test-server/use-test-database'

describe('proposeMapping from a sampled database on the test server', () => {
  const test = useTestDatabase()

  it.each(DEMO_SHAPES)('proposes the %s shape’s mapping without help', async (shape) => {
    const db = test.client.db(`${test.name}_${shape}`)
    try {
      const spec = DEMO_SHAPE_SPECS[shape]
      const documents: Record<string, unknown[]> = {}
      for (const bundle of generateDemoData({ seed: 9, users: 250 })) {
        for (const [name, docs] of Object.entries(spec.toDocuments(bundle))) {
          ;(documents[name] ??= []).push(...docs)
        }
      }
      for (const [name, docs] of Object.entries(documents)) {
        await db.collection(name).insertMany(docs as Record<string, unknown>[])
      }
      const sampled = await sampleDatabase(db)
      expect(sampled.collections.map((c) => c.name).sort()).toEqual([...spec.collections].sort())
      const proposal = await proposeMapping(sampled)
      expect(proposal.undecided).toEqual([])
      expect(fieldMappingSchema.parse(proposal.mapping)).toEqual(spec.mapping)
    } finally {
      await db.dropDatabase()
    }
  })
})
