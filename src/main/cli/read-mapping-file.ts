import { readFile } from 'node:fs/promises'
import {
  fieldMappingSchema,
  SEED_MAPPING,
  type FieldMapping
} from '../../shared/mapping/field-mapping'
import { CliInputError } from './cli-input-error'

/**
 * The mapping `--mapping FILE.json` names (as `journey map` prints it), or the seed schema's when
 * there is none. A file that is missing, not JSON, or not a mapping is bad input, named with the
 * first thing to fix.
 */
export async function readMappingFile(path: string | undefined): Promise<FieldMapping> {
  if (path === undefined) return SEED_MAPPING
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliInputError(
      code === 'ENOENT'
        ? `--mapping: there is no file ${path}; write one with journey map > ${path}`
        : `--mapping: ${path} cannot be read (${String(code)})`
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CliInputError(`--mapping: ${path} is not JSON (${(error as Error).message})`)
  }
  const parsed = fieldMappingSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    throw new CliInputError(
      `--mapping: ${path} is not a field mapping (${where}${issue?.message ?? 'invalid'}); journey map prints one to start from`
    )
  }
  return parsed.data
}
