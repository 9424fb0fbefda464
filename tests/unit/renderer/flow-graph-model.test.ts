import { describe, expect, it } from 'vitest'
import type { FlowEdge, FlowNode, FlowResult } from '../../../src/shared/journeys/results'
import {
  flowEdgeId,
  flowGraphModel,
  LABELLED_EDGES,
  withinGraphLimits
} from '../../../src/renderer/src/features/flows/flow-graph-model'

const plan = { strategy: 'local' as const, steps: [], notes: [] }

function node(step: number, page: string, sessions: number, users = sessions): FlowNode {
  return { id: `${String(step)}:${page}`, step, page, sessions, users }
}

function edge(source: FlowNode, target: FlowNode, sessions: number, users = sessions): FlowEdge {
  return { source: source.id, target: target.id, sessions, users }
}

/** From `/`: 10 sessions; 6 go to /cart, 3 leave, 1 goes elsewhere. */
function smallFlow(): FlowResult {
  const home = node(0, '/', 10, 8)
  const cart = node(1, '/cart', 6, 5)
  const exit = node(1, '(exit)', 3, 3)
  const other = node(1, '(other)', 1, 1)
  const checkout = node(2, '/checkout', 6, 5)
  return {
    nodes: [home, cart, exit, other, checkout],
    edges: [
      edge(home, cart, 6, 5),
      edge(home, exit, 3),
      edge(home, other, 1),
      edge(cart, checkout, 6, 5)
    ],
    sessions: 10,
    keptPerStep: 8,
    plan
  }
}

describe('flowGraphModel', () => {
  it('puts each step in its own column, left to right in time', () => {
    const result = smallFlow()
    const from = flowGraphModel(result, 'from').model
    expect(from.nodes.map((n) => [n.id, n.layer, n.kind])).toEqual([
      ['0:/', 0, 'page'],
      ['1:/cart', 1, 'page'],
      ['1:(exit)', 1, 'exit'],
      ['1:(other)', 1, 'other'],
      ['2:/checkout', 2, 'page']
    ])
    // Towards a page, the chosen page is the last column.
    const to = flowGraphModel(result, 'to').model
    expect(to.nodes.map((n) => n.layer)).toEqual([2, 1, 1, 1, 0])
  })

  it('gives nodes and edges their exact counts, shares and accessible names', () => {
    const { model } = flowGraphModel(smallFlow(), 'from')
    const exit = model.nodes.find((n) => n.id === '1:(exit)')
    expect(exit).toMatchObject({
      label: '(exit)',
      detail: '3 sessions · 30 %',
      title: '(exit) (step 1): 3 sessions · 3 users; 30 % of the 10 sessions in the flow',
      ariaLabel: 'Step 1: (exit), 3 sessions'
    })
    expect(model.nodes[0]?.title).toBe(
      '/ (chosen page): 10 sessions · 8 users; 100 % of the 10 sessions in the flow'
    )
    const toCart = model.edges.find(
      (e) => e.id === flowEdgeId({ source: '0:/', target: '1:/cart' })
    )
    expect(toCart).toEqual({
      id: '0:/\u00001:/cart',
      source: '0:/',
      target: '1:/cart',
      label: '6',
      weight: 6,
      title: '/ → /cart: 6 sessions · 5 users; 60 % of the sessions at /',
      ariaLabel: 'Step 0 / to step 1 /cart, 6 sessions'
    })
  })

  it('lays the steps out in fixed columns, heavy paths straight, (exit) at the foot', () => {
    const { layout } = flowGraphModel(smallFlow(), 'from')
    const box = (id: string) => layout.nodes[id] ?? { x: NaN, y: NaN, width: 0, height: 0 }
    expect(box('0:/').x).toBe(0)
    expect(box('1:/cart').x).toBeGreaterThan(box('0:/').x + box('0:/').width)
    expect(box('1:(exit)').x).toBe(box('1:/cart').x)
    expect(box('2:/checkout').x).toBeGreaterThan(box('1:/cart').x)
    // In step 1: the pages on top, then (other); (exit) at the foot whatever their sizes.
    expect(box('1:/cart').y).toBeLessThan(box('1:(other)').y)
    expect(box('1:(other)').y).toBeLessThan(box('1:(exit)').y)
    // /checkout follows /cart: the only node of its column, centred on the tallest column.
    expect(box('2:/checkout').y + box('2:/checkout').height / 2).toBeCloseTo(layout.height / 2)
    expect(Object.keys(layout.edges)).toEqual([])
    const to = flowGraphModel(smallFlow(), 'to').layout
    expect(to.nodes['0:/']?.x).toBeGreaterThan(to.nodes['1:/cart']?.x ?? Infinity)
  })

  it('orders a column by where its sessions come from, so paths cross little', () => {
    const home = node(0, '/', 20)
    const a = node(1, '/a', 12)
    const b = node(1, '/b', 8)
    // /y (busier) is reached from /b, the lower node; /x from /a, the upper one.
    const x = node(2, '/x', 5)
    const y = node(2, '/y', 7)
    const result: FlowResult = {
      nodes: [home, a, b, y, x],
      edges: [edge(home, a, 12), edge(home, b, 8), edge(a, x, 5), edge(b, y, 7)],
      sessions: 20,
      keptPerStep: 8,
      plan
    }
    const { layout } = flowGraphModel(result, 'from')
    expect(layout.nodes['1:/a']?.y).toBeLessThan(layout.nodes['1:/b']?.y ?? -1)
    expect(layout.nodes['2:/x']?.y).toBeLessThan(layout.nodes['2:/y']?.y ?? -1)
  })

  it('is memoised per result and direction', () => {
    const result = smallFlow()
    expect(flowGraphModel(result, 'from')).toBe(flowGraphModel(result, 'from'))
    expect(flowGraphModel(result, 'to')).not.toBe(flowGraphModel(result, 'from'))
    expect(flowGraphModel(smallFlow(), 'from')).not.toBe(flowGraphModel(result, 'from'))
  })

  it('writes counts on the heaviest edges only', () => {
    const home = node(0, '/', 1000)
    const pages = Array.from({ length: 60 }, (_, i) => node(1, `/p${String(i)}`, 60 - i))
    const result: FlowResult = {
      nodes: [home, ...pages],
      edges: pages.map((page) => edge(home, page, page.sessions)),
      sessions: 1000,
      keptPerStep: 60,
      plan
    }
    const { model } = flowGraphModel(result, 'from')
    const labelled = model.edges.filter((e) => e.label !== undefined)
    expect(labelled).toHaveLength(LABELLED_EDGES)
    expect(Math.min(...labelled.map((e) => e.weight))).toBe(60 - LABELLED_EDGES + 1)
  })
})

describe('withinGraphLimits', () => {
  it('passes a result within the limits through whole', () => {
    const result = smallFlow()
    const kept = withinGraphLimits(result.nodes, result.edges, { nodes: 5, edges: 4 })
    expect(kept).toEqual({ nodes: result.nodes, edges: result.edges })
    expect(flowGraphModel(result, 'from').omitted).toEqual({ nodes: 0, edges: 0 })
  })

  it('keeps the chosen page, entry/exit/other and the busiest nodes and edges', () => {
    const result = smallFlow()
    const kept = withinGraphLimits(result.nodes, result.edges, { nodes: 3, edges: 1 })
    // The chosen page, (exit) and (other) always stay; /cart and /checkout are the busiest others.
    expect(kept.nodes.map((n) => n.id)).toEqual(['0:/', '1:(exit)', '1:(other)'])
    expect(kept.edges.map(flowEdgeId)).toEqual([flowEdgeId({ source: '0:/', target: '1:(exit)' })])
  })

  it('never lets more than 500 nodes and 1,000 edges reach the graph, and counts the rest', () => {
    const home = node(0, '/', 100_000)
    const nodes: FlowNode[] = [home]
    const edges: FlowEdge[] = []
    for (let step = 1; step <= 10; step++) {
      for (let i = 0; i < 60; i++)
        nodes.push(node(step, `/s${String(step)}p${String(i)}`, 1000 - i))
    }
    for (let i = 0; i < 60; i++) edges.push(edge(home, nodes[1 + i] as FlowNode, 1000 - i))
    for (let step = 1; step < 10; step++) {
      for (let i = 0; i < 60; i++) {
        for (let j = 0; j < 3; j++) {
          const source = nodes[1 + (step - 1) * 60 + i] as FlowNode
          const target = nodes[1 + step * 60 + ((i + j) % 60)] as FlowNode
          edges.push(edge(source, target, 300 - i - j))
        }
      }
    }
    const result: FlowResult = { nodes, edges, sessions: 100_000, keptPerStep: 60, plan }
    const graph = flowGraphModel(result, 'from')
    expect(graph.model.nodes.length).toBe(500)
    expect(graph.model.edges.length).toBeLessThanOrEqual(1000)
    expect(graph.omitted.nodes).toBe(nodes.length - 500)
    expect(graph.omitted.edges).toBe(edges.length - graph.model.edges.length)
    const drawn = new Set(graph.model.nodes.map((n) => n.id))
    expect(graph.model.edges.every((e) => drawn.has(e.source) && drawn.has(e.target))).toBe(true)
    expect(drawn.has('0:/')).toBe(true)
  })
})
