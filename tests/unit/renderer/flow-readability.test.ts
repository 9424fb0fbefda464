import { describe, expect, it } from 'vitest'
import { placeEdgeLabels } from '../../../src/renderer/src/components/graph/edge-labels'
import { bezierPoint } from '../../../src/renderer/src/components/graph/edge-path'
import { firstViewport } from '../../../src/renderer/src/components/graph/first-viewport'

describe('bezierPoint: a point on the curve React Flow draws between two nodes', () => {
  it('starts at the source, ends at the target, and crosses half way in the middle', () => {
    const source = { x: 100, y: 50 }
    const target = { x: 300, y: 250 }
    expect(bezierPoint(source, target, 0)).toEqual(source)
    expect(bezierPoint(source, target, 1)).toEqual(target)
    expect(bezierPoint(source, target, 0.5)).toEqual({ x: 200, y: 150 })
    // Leaves flat: near the source it has barely moved vertically.
    expect(bezierPoint(source, target, 0.1).y).toBeCloseTo(50 + 200 * 0.028, 5)
  })
})

/** One column node on the left fanning out to `count` nodes 68 px apart on the right. */
function fan(count: number) {
  const nodes: Record<string, { x: number; y: number; width: number; height: number }> = {
    root: { x: 0, y: ((count - 1) * 68) / 2, width: 150, height: 52 }
  }
  const edges = []
  for (let i = 0; i < count; i++) {
    nodes[`n${String(i)}`] = { x: 238, y: i * 68, width: 150, height: 52 }
    edges.push({
      id: `e${String(i)}`,
      source: 'root',
      target: `n${String(i)}`,
      label: '1,046',
      weight: 100 - i
    })
  }
  return { nodes, edges }
}

function overlapping(points: { x: number; y: number }[], width: number, height: number): number {
  let count = 0
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as { x: number; y: number }
      const b = points[j] as { x: number; y: number }
      if (Math.abs(a.x - b.x) < width && Math.abs(a.y - b.y) < height) count++
    }
  return count
}

describe('placeEdgeLabels: counts on a flows graph never cover each other', () => {
  it('places the labels of a fan of edges apart, towards their targets', () => {
    const { nodes, edges } = fan(8)
    const labels = placeEdgeLabels(nodes, edges)
    const points = edges.map((edge) => labels[edge.id] as { x: number; y: number })
    expect(points).toHaveLength(8)
    expect(overlapping(points, 47, 18)).toBe(0)
    // Labels sit in the gap between the columns, nearer the targets than the source.
    for (const point of points) {
      expect(point.x).toBeGreaterThan(150 + 88 / 2)
      expect(point.x).toBeLessThan(238)
    }
  })

  it('moves a label along its curve when its middle is taken (two crossing edges)', () => {
    const box = (x: number, y: number) => ({ x, y, width: 150, height: 52 })
    const nodes = { a: box(0, 0), b: box(0, 136), c: box(238, 0), d: box(238, 136) }
    const edges = [
      { id: 'a-d', source: 'a', target: 'd', label: '120', weight: 120 },
      { id: 'b-c', source: 'b', target: 'c', label: '80', weight: 80 }
    ]
    // Both curves cross at one point: their middles coincide.
    const middle = (from: { x: number; y: number }, to: { x: number; y: number }) =>
      bezierPoint({ x: from.x + 150, y: from.y + 26 }, { x: to.x, y: to.y + 26 }, 0.5)
    expect(middle(nodes.a, nodes.d)).toEqual(middle(nodes.b, nodes.c))
    const labels = placeEdgeLabels(nodes, edges)
    expect(labels['a-d']).toEqual(middle(nodes.a, nodes.d)) // the heavier keeps the middle
    expect(overlapping([labels['a-d'], labels['b-c']] as { x: number; y: number }[], 40, 20)).toBe(
      0
    )
  })

  it('leaves out edges between nodes it does not know, and is deterministic', () => {
    const { nodes, edges } = fan(3)
    const withStray = [
      ...edges,
      { id: 'stray', source: 'root', target: 'gone', label: '3', weight: 1 }
    ]
    const labels = placeEdgeLabels(nodes, withStray)
    expect(labels.stray).toBeUndefined()
    expect(placeEdgeLabels(nodes, withStray)).toEqual(labels)
  })
})

describe('firstViewport: the first view of a flows graph', () => {
  it('shows a graph that fits whole, centred, no larger than 1.2', () => {
    expect(
      firstViewport({ width: 400, height: 200 }, 1000, 600, { minZoom: 0.85, anchor: 'start' })
    ).toEqual({
      x: 260,
      y: 180,
      zoom: 1.2
    })
  })

  it('fits a graph that fits at the readable zoom or more', () => {
    const view = firstViewport({ width: 1000, height: 400 }, 1048, 600, {
      minZoom: 0.85,
      anchor: 'start'
    })
    expect(view.zoom).toBe(1)
    expect(view.x).toBe(24)
  })

  it('opens a graph too wide at the readable zoom at its start (left) or end (right), top first when too tall', () => {
    const layout = { width: 2000, height: 900 }
    const start = firstViewport(layout, 1100, 560, { minZoom: 0.85, anchor: 'start' })
    expect(start).toEqual({ x: 24, y: 24, zoom: 0.85 })
    const end = firstViewport(layout, 1100, 560, { minZoom: 0.85, anchor: 'end' })
    expect(end).toEqual({ x: 1100 - 24 - 2000 * 0.85, y: 24, zoom: 0.85 })
  })
})
