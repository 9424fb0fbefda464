import { describe, expect, it } from 'vitest'
import {
  labelPoint,
  roundedPath,
  strokeWidthFor
} from '../../../src/renderer/src/components/graph/edge-path'
import { layoutGraph, toElkGraph } from '../../../src/renderer/src/components/graph/elk-layout'
import { toFlowElements } from '../../../src/renderer/src/components/graph/flow-elements'
import type { GraphModel } from '../../../src/renderer/src/components/graph/graph-model'

const model: GraphModel = {
  nodes: [
    { id: '(entry)', label: '(entry)', kind: 'entry' },
    { id: '/', label: '/', kind: 'page' },
    { id: '/cart', label: '/cart', kind: 'page' },
    { id: '(exit)', label: '(exit)', kind: 'exit' }
  ],
  edges: [
    { id: 'a', source: '(entry)', target: '/', weight: 10 },
    { id: 'b', source: '/', target: '/cart', weight: 4 },
    { id: 'c', source: '/cart', target: '/', weight: 1 },
    { id: 'd', source: '/cart', target: '(exit)', weight: 4 },
    { id: 'dangling', source: '/', target: '/nowhere', weight: 1 }
  ]
}

describe('graph layout (elkjs)', () => {
  it('lays a cyclic graph out left to right, routing every edge between existing nodes', async () => {
    const layout = await layoutGraph(model)
    const x = (id: string) => layout.nodes[id]?.x ?? Number.NaN
    expect(x('(entry)')).toBeLessThan(x('/'))
    expect(x('/')).toBeLessThan(x('/cart'))
    expect(x('/cart')).toBeLessThan(x('(exit)'))
    for (const id of ['a', 'b', 'c', 'd'])
      expect(layout.edges[id]?.length).toBeGreaterThanOrEqual(2)
    expect(layout.edges.dangling).toBeUndefined()
  })

  it('forces columns with layers (ELK partitions)', () => {
    const elk = toElkGraph(
      { nodes: model.nodes.map((node, i) => ({ ...node, layer: i })), edges: [] },
      'RIGHT'
    )
    expect(elk.layoutOptions?.['elk.partitioning.activate']).toBe('true')
    expect(elk.children?.[2]?.layoutOptions).toEqual({ 'elk.partitioning.partition': '2' })
  })

  it('marks the selected node, keeps its neighbours lit and dims the rest', async () => {
    const layout = await layoutGraph(model)
    const { nodes, edges } = toFlowElements(model, layout, {
      direction: 'RIGHT',
      selectedNodeId: '(entry)',
      selectedEdgeId: null,
      clickableNodes: true
    })
    const byId = Object.fromEntries(nodes.map((node) => [node.id, node.data]))
    expect(byId['(entry)']).toMatchObject({ selected: true, dimmed: false })
    expect(byId['/']).toMatchObject({ selected: false, dimmed: false })
    expect(byId['/cart']).toMatchObject({ dimmed: true })
    expect(edges.find((edge) => edge.id === 'a')?.data).toMatchObject({
      dimmed: false,
      strokeWidth: 9
    })
    expect(edges.find((edge) => edge.id === 'b')?.data?.dimmed).toBe(true)
  })
})

describe('edge drawing', () => {
  it('rounds corners and labels the longest segment', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 20 }
    ]
    expect(roundedPath(points)).toBe('M 0 0 L 90 0 Q 100 0 100 10 L 100 20')
    expect(labelPoint(points)).toEqual({ x: 50, y: 0 })
    expect(roundedPath([])).toBe('')
  })

  it('scales stroke width with the square root of the weight', () => {
    expect(strokeWidthFor(100, 100)).toBe(9)
    expect(strokeWidthFor(25, 100)).toBe(5.3)
    expect(strokeWidthFor(0, 100)).toBe(1.5)
    expect(strokeWidthFor(5, 0)).toBe(1.5)
  })
})
