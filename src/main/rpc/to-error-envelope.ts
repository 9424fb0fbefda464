import { ZodError } from 'zod'
import { AppError, type ErrorEnvelope } from '../../shared/errors'
import { mapMongoError } from '../engine/mongo/map-mongo-error'

/** The one place where any thrown value becomes the envelope that crosses IPC, HTTP and the CLI. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof AppError) return error.toEnvelope()
  if (error instanceof ZodError) return invalidInput(error)
  if (isAbortError(error)) return { code: 'CANCELLED', message: 'Cancelled' }
  return mapMongoError(error).toEnvelope()
}

function invalidInput(error: ZodError): ErrorEnvelope {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message
  }))
  const first = issues[0]
  const where = first?.path ? `${first.path}: ` : ''
  return {
    code: 'INVALID_INPUT',
    message: `Invalid input: ${where}${first?.message ?? 'not accepted'}`,
    details: { issues }
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}
