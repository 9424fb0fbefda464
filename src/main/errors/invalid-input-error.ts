import type { ZodError } from 'zod'
import { AppError } from '../../shared/errors'

/** A payload that failed its contract's schema: INVALID_INPUT naming the first field and why. */
export function invalidInputError(error: ZodError): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message
  }))
  const first = issues[0]
  const where = first?.path ? `${first.path}: ` : ''
  return new AppError(
    'INVALID_INPUT',
    `Invalid input: ${where}${first?.message ?? 'not accepted'}`,
    {
      issues
    }
  )
}
