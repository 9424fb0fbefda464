import { describe, expect, it } from 'vitest'
import {
  flowSelectionParams,
  flowViewParams,
  readFlowViewState
} from '../../../src/renderer/src/features/flows/flow-view-state'

describe('flows view state in the route', () => {
  it('reads defaults when the link says nothing', () => {
    expect(readFlowViewState({})).toEqual({
      page: null,
      direction: 'from',
      depth: 5,
      topN: 8,
      selection: null
    })
  })

  it('writes and reads back a whole view, with an edge selected', () => {
    const state = {
      page: '/product/a&b?c=1',
      direction: 'to' as const,
      depth: 10,
      topN: 20,
      selection: { kind: 'edge' as const, source: '2:/cart', target: '1:/checkout' }
    }
    const params = flowViewParams(state)
    expect(params).toEqual({
      page: '/product/a&b?c=1',
      direction: 'to',
      depth: '10',
      top: '20',
      node: null,
      edge: ['2:/cart', '1:/checkout']
    })
    const asRoute = Object.fromEntries(
      Object.entries(params)
        .filter(([, value]) => value !== null)
        .map(([name, value]) => [name, typeof value === 'string' ? [value] : value])
    ) as Record<string, string[]>
    expect(readFlowViewState(asRoute)).toEqual(state)
  })

  it('leaves defaults out of the link and reads a node selection', () => {
    const params = flowViewParams({
      page: '/',
      direction: 'from',
      depth: 5,
      topN: 8,
      selection: { kind: 'node', id: '1:(exit)' }
    })
    expect(params).toMatchObject({ direction: null, depth: null, top: null, node: '1:(exit)' })
    expect(readFlowViewState({ page: ['/'], node: ['1:(exit)'] }).selection).toEqual({
      kind: 'node',
      id: '1:(exit)'
    })
    expect(flowSelectionParams(null)).toEqual({ node: null, edge: null })
  })

  it('falls back to defaults for values out of range or malformed', () => {
    const state = readFlowViewState({
      page: [''],
      direction: ['sideways'],
      depth: ['11'],
      top: ['0'],
      edge: ['only-one']
    })
    expect(state).toEqual({ page: null, direction: 'from', depth: 5, topN: 8, selection: null })
    expect(readFlowViewState({ depth: ['1'], top: ['50'] })).toMatchObject({ depth: 1, topN: 50 })
    expect(readFlowViewState({ depth: ['2.5'] }).depth).toBe(5)
  })
})
