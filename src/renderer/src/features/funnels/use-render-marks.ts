import { useEffect, useRef } from 'react'

/** Marks the bench reads: `<name>:data` when a new result is first rendered, `<name>:painted`
 * after the browser has painted it, and the measure `<name>:render` between the two. */
export function useRenderMarks(name: string, result: object | null): void {
  const seen = useRef<object | null>(null)
  if (result !== null && seen.current !== result) {
    // During render, on purpose: the span starts when React first sees the data.
    seen.current = result
    performance.mark(`${name}:data`)
  }
  useEffect(() => {
    if (result === null) return
    let frame = requestAnimationFrame(() => {
      // The frame after the commit has been painted by the time this callback's task runs.
      frame = requestAnimationFrame(() => {
        performance.mark(`${name}:painted`)
        performance.measure(`${name}:render`, `${name}:data`, `${name}:painted`)
      })
    })
    return () => {
      cancelAnimationFrame(frame)
    }
  }, [name, result])
}
