import { ZodError, type z } from 'zod'
import { CliInputError } from './cli-input-error'

/**
 * Parses a command's input with the service's own schema, so the command line accepts exactly what
 * the app does. A failure names the option the user typed (`flagOf` maps schema paths to flags).
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  flagOf: Record<string, string> = {}
): z.output<S> {
  try {
    return schema.parse(input)
  } catch (error) {
    if (!(error instanceof ZodError)) throw error
    const issue = error.issues[0]
    const path = issue?.path.map(String) ?? []
    throw new CliInputError(`${flagFor(path, flagOf)}: ${issue?.message ?? 'not accepted'}`)
  }
}

/** The option behind the longest known prefix of a schema path. */
function flagFor(path: string[], flagOf: Record<string, string>): string {
  for (let length = path.length; length > 0; length--) {
    const flag = flagOf[path.slice(0, length).join('.')]
    if (flag) return flag
  }
  return path.length > 0 ? path.join('.') : 'input'
}

/** Schema paths of the shared scope, as the options that set them. */
export const SCOPE_FLAGS: Record<string, string> = {
  range: '--from/--to',
  'range.from': '--from',
  'range.to': '--to',
  'segment.browsers': '--browser',
  'segment.operatingSystems': '--os',
  'segment.metadataEquals': '--meta',
  segment: '--browser/--os/--meta',
  'source.path': '--data',
  'source.uri': '--uri',
  'source.database': '--db',
  source: '--data/--uri'
}
