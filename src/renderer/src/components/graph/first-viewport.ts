import type { GraphLayout } from './graph-model'

/** Room left around a graph in its frame, in screen pixels. */
const MARGIN = 24
/** A small graph is not blown up beyond this. */
const MAX_ZOOM = 1.2

/**
 * The first view of a laid-out graph in a frame of `width` × `height` pixels: the whole graph
 * when it fits at `minZoom` or more (centred); else at `minZoom`, showing the `anchor` side
 * (start: left, end: right) and the top, for the reader to pan from there.
 */
export function firstViewport(
  layout: Pick<GraphLayout, 'width' | 'height'>,
  width: number,
  height: number,
  options: { minZoom: number; anchor: 'start' | 'end' }
): { x: number; y: number; zoom: number } {
  const room = { width: Math.max(1, width - 2 * MARGIN), height: Math.max(1, height - 2 * MARGIN) }
  const fit = Math.min(
    MAX_ZOOM,
    room.width / Math.max(1, layout.width),
    room.height / Math.max(1, layout.height)
  )
  const zoom = Math.max(options.minZoom, fit)
  const drawn = { width: layout.width * zoom, height: layout.height * zoom }
  const x =
    drawn.width <= room.width
      ? (width - drawn.width) / 2
      : options.anchor === 'start'
        ? MARGIN
        : width - MARGIN - drawn.width
  const y = drawn.height <= room.height ? (height - drawn.height) / 2 : MARGIN
  return { x, y, zoom }
}
