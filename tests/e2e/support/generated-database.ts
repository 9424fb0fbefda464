import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runJourneyCli } from './journey-cli'

export interface GeneratedDatabase {
  uri: string
  database: string
  /** `--uri … --db …` for the command line. */
  cliSource: string[]
}

/**
 * Generates a shop (`journey generate`) and loads it into a fresh database of the test server
 * (`journey load`), both through the command line as a user would.
 */
export async function loadGeneratedDatabase(
  uri: string,
  options: { users: number; seed: number; label: string }
): Promise<GeneratedDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'journey-e2e-shop-'))
  const database = `e2e_${options.label}_${String(process.pid)}_${Date.now().toString(36)}`
  try {
    await runJourneyCli([
      'generate',
      '--out',
      folder,
      '--users',
      String(options.users),
      '--seed',
      String(options.seed)
    ])
    await runJourneyCli(['load', '--data', folder, '--uri', uri, '--db', database])
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  return { uri, database, cliSource: ['--uri', uri, '--db', database] }
}
