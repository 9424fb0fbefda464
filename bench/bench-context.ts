import type { CallContext, Progress } from '../src/shared/rpc/contract'

/** A call context for engine calls, keeping the last progress each phase reported. */
export function benchContext(signal: AbortSignal = new AbortController().signal): CallContext & {
  progress: Map<string, Progress>
} {
  const progress = new Map<string, Progress>()
  return {
    signal,
    reportProgress: (p) => {
      progress.set(p.phase, p)
    },
    progress
  }
}
