import { useEffect, useLayoutEffect, useRef } from 'react'

/**
 * Marks the bench reads: `<name>:data` when a new result is first rendered, `<name>:committed`
 * once React has written it to the DOM, `<name>:painted` after the browser has painted it, and the
 * measures `<name>:render` (data → painted) and `<name>:react` (data → committed).
 */
export function useRenderMarks(name: string, result: object | null): void {
  const seen = useRef<object | null>(null)
  if (result !== null && seen.current !== result) {
    // During render, on purpose: the span starts when React first sees the data.
    seen.current = result
    performance.mark(`${name}:data`)
  }
  useLayoutEffect(() => {
    if (result === null) return
    performance.mark(`${name}:committed`)
    performance.measure(`${name}:react`, `${name}:data`, `${name}:committed`)
  }, [name, result])
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
