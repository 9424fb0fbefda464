import type { ErrorEnvelope } from '../../../shared/errors'

/** A failed call, carrying the envelope the main process sent. */
export class RpcError extends Error {
  readonly envelope: ErrorEnvelope

  constructor(envelope: ErrorEnvelope) {
    super(envelope.message)
    this.name = 'RpcError'
    this.envelope = envelope
  }
}

export function toEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof RpcError) return error.envelope
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'CANCELLED', message: 'Cancelled' }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}
