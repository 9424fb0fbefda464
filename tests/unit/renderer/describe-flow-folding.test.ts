import { describe, expect, it } from 'vitest'
import { describeFlowFolding } from '../../../src/renderer/src/features/flows/describe-flow-folding'

describe('describeFlowFolding: what the Flows screen says about pages folded into (other)', () => {
  it('names the number kept per step in the legend, and says nothing more when it was the asked top N', () => {
    expect(describeFlowFolding(8, 8)).toEqual({
      other: '(other): pages beyond the top 8 of a step',
      lowered: null
    })
  })

  it('says when the graph budget lowered the pages kept per step, and by how much', () => {
    const folding = describeFlowFolding(22, 50)
    expect(folding.other).toBe('(other): pages beyond the top 22 of a step')
    expect(folding.lowered?.title).toBe(
      'Each step keeps its 22 busiest pages by name, not the 50 asked for: with 50 the graph would pass 500 pages or 1,000 transitions. The other pages of each step are counted in (other), with exact sessions and users.'
    )
    expect(folding.lowered?.hint).toBe('Fewer steps keep more pages per step.')
  })

  it('one page kept reads in the singular', () => {
    expect(describeFlowFolding(1, 3).lowered?.title).toMatch(
      /^Each step keeps its 1 busiest page by name, not the 3 asked for/
    )
  })
})
