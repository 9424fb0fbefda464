import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MetadataColumn } from '../../../src/main/engine/local/metadata-column'

/** A column whose entries sit at `positions` (ascending, distinct). */
function columnAt(positions: number[]): MetadataColumn {
  const tags = new Int32Array(positions.length)
  return new MetadataColumn('k', Int32Array.from(positions), tags, null, () => [])
}

describe('MetadataColumn.entryCursor', () => {
  it('answers as entryOf does, for loads in any order (mostly ascending or not)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 120 }),
        fc.oneof(
          // Mostly ascending runs with jumps back, as events in event order are in load order.
          fc
            .array(fc.integer({ min: -20, max: 12 }), { maxLength: 200 })
            .map((steps) =>
              steps.reduce<number[]>(
                (loads, step) => [...loads, Math.max(0, (loads.at(-1) ?? 0) + step)],
                []
              )
            ),
          fc.array(fc.integer({ min: -5, max: 320 }), { maxLength: 200 })
        ),
        (positions, loads) => {
          const column = columnAt(positions.sort((a, b) => a - b))
          const entryOf = column.entryCursor()
          for (const load of loads) expect(entryOf(load)).toBe(column.entryOf(load))
        }
      ),
      { numRuns: 500 }
    )
  })
})
