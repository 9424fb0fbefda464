import type { Point } from './graph-model'

/** An SVG path through a route's points, each corner rounded (radius capped by the segments). */
export function roundedPath(points: readonly Point[], radius = 10): string {
  const first = points[0]
  if (!first) return ''
  let path = `M ${first.x} ${first.y}`
  for (let i = 1; i < points.length; i++) {
    const point = points[i] as Point
    const next = points[i + 1]
    if (!next) {
      path += ` L ${point.x} ${point.y}`
      break
    }
    const previous = points[i - 1] as Point
    const r = Math.min(radius, distance(previous, point) / 2, distance(point, next) / 2)
    const before = towards(point, previous, r)
    const after = towards(point, next, r)
    path += ` L ${before.x} ${before.y} Q ${point.x} ${point.y} ${after.x} ${after.y}`
  }
  return path
}

/** Where an edge's label goes: the middle of its longest segment. */
export function labelPoint(points: readonly Point[]): Point {
  let best: Point = points[0] ?? { x: 0, y: 0 }
  let longest = -1
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point
    const b = points[i] as Point
    const length = distance(a, b)
    if (length > longest) {
      longest = length
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }
    }
  }
  return best
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y)
}

function towards(from: Point, to: Point, length: number): Point {
  const d = distance(from, to)
  if (d === 0) return from
  return { x: from.x + ((to.x - from.x) * length) / d, y: from.y + ((to.y - from.y) * length) / d }
}

/** Stroke width for an edge of `weight` when the heaviest has `maxWeight`: 1.5 to 9 px. */
export function strokeWidthFor(weight: number, maxWeight: number): number {
  if (maxWeight <= 0) return 1.5
  return Math.round((1.5 + 7.5 * Math.sqrt(Math.max(0, weight) / maxWeight)) * 10) / 10
}

/**
 * The point at `t` (0 at the source, 1 at the target) on the curve React Flow draws from a node's
 * right side to another's left side (`getBezierPath`: both control points half way across).
 */
export function bezierPoint(source: Point, target: Point, t: number): Point {
  const half = Math.max(0, target.x - source.x) / 2
  const c1 = { x: source.x + half, y: source.y }
  const c2 = { x: target.x - half, y: target.y }
  const u = 1 - t
  const a = u * u * u
  const b = 3 * u * u * t
  const c = 3 * u * t * t
  const d = t * t * t
  return {
    x: a * source.x + b * c1.x + c * c2.x + d * target.x,
    y: a * source.y + b * c1.y + c * c2.y + d * target.y
  }
}
