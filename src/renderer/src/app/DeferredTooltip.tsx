import { Tooltip } from 'antd'
import type { ReactElement, ReactNode } from 'react'
import { useFirstPaintDone } from './first-paint'

/**
 * A tooltip for the frame's always-visible controls: nobody hovers before the first paint, so the
 * tooltip (its style and colour work) joins once the frame is on screen.
 */
export function DeferredTooltip({ title, children }: { title: ReactNode; children: ReactElement }) {
  const painted = useFirstPaintDone()
  return painted ? <Tooltip title={title}>{children}</Tooltip> : children
}
