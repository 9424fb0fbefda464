import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db } from 'mongodb'
import {
  generateDemoFolder,
  type DemoFolderResult
} from '../../src/main/data/demo/generate-demo-folder'
import type { DemoIdKind } from '../../src/main/data/demo/generate-demo-data'
import { loadFolderIntoMongo } from '../../src/main/data/loader/load-into-mongodb'
import type { CallContext, Progress } from '../../src/shared/rpc/contract'

/** A generated demo folder in a temporary directory of its own. */
export interface GeneratedFolder extends DemoFolderResult {
  folder: string
  remove(): Promise<void>
}

export async function generateFolder(options: {
  users: number
  events?: number
  seed: number
  idKind?: DemoIdKind
}): Promise<GeneratedFolder> {
  const home = await mkdtemp(join(tmpdir(), 'jw-journeys-it-'))
  const folder = join(home, 'data')
  const result = await generateDemoFolder({ outDir: folder, ...options })
  return { ...result, folder, remove: () => rm(home, { recursive: true, force: true }) }
}

/** Loads a folder into a database (dropping what is there) with the recommended indexes. */
export async function loadFolder(folder: string, db: Db): Promise<void> {
  await loadFolderIntoMongo({ folder, db, drop: true })
}

/** A call context that is never cancelled and records progress reports. */
export function callContext(progress: Progress[] = []): CallContext {
  return { signal: new AbortController().signal, reportProgress: (p) => progress.push(p) }
}

/** A result without its plan: plans differ by strategy, answers must not. */
export function answerOf<T extends { plan: unknown }>(result: T): Omit<T, 'plan'> {
  const { plan: _plan, ...answer } = result
  return answer
}
