import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { AppError } from '../../shared/errors'
import type { DocumentId } from '../../shared/journeys/documents'
import { writeFileAtomically } from './write-file-atomically'

export const MANIFEST_FILE = 'workspace.json'
export const MANIFEST_FORMAT = 1

/** The last event of a workspace in event order: later events are what a refresh fetches. */
export interface HighWaterMark {
  timestamp: Date
  id: DocumentId
}

/** Where a workspace's data came from. */
export interface WorkspaceOrigin {
  /** Host names (never a password). */
  hosts: string
  database: string
  /** The connection string with its password replaced by `*****`. */
  redactedUri: string
  /** The app's saved connection it was taken from, when it was. */
  connectionId?: string
}

export interface RefreshRecord {
  at: Date
  newEvents: number
  sessions: number
  users: number
  ms: number
}

/** `workspace.json`: what a folder made by `extract` holds and how to refresh it. */
export interface WorkspaceManifest {
  format: number
  origin: WorkspaceOrigin
  /** Events with `from <= timestamp < to`; absent ends are open (the whole collection). */
  range: { from?: Date; to?: Date }
  createdAt: Date
  refreshedAt: Date
  highWater: HighWaterMark | null
  counts: { users: number; sessions: number; events: number }
  /** The latest refreshes, newest last (at most 20). */
  refreshes: RefreshRecord[]
}

/** The manifest of a workspace folder; NOT_FOUND when the folder was not made by `extract`. */
export async function readManifest(folder: string): Promise<WorkspaceManifest> {
  const path = join(folder, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new AppError(
        'NOT_FOUND',
        `${folder} is not a workspace made by journey extract (no ${MANIFEST_FILE}).`,
        { folder }
      )
    }
    throw error
  }
  try {
    const manifest = EJSON.parse(text, { relaxed: true }) as WorkspaceManifest
    if (manifest.format !== MANIFEST_FORMAT) {
      throw new Error(`format ${String(manifest.format)}, this app reads ${MANIFEST_FORMAT}`)
    }
    return manifest
  } catch (error) {
    throw new AppError(
      'DATA_INVALID',
      `${path} is not readable (${error instanceof Error ? error.message : String(error)}).`,
      { path }
    )
  }
}

/** Writes the manifest (`.partial` then rename). */
export async function writeManifest(folder: string, manifest: WorkspaceManifest): Promise<void> {
  const text = `${EJSON.stringify(manifest, undefined, 2, { relaxed: true })}\n`
  await writeFileAtomically(join(folder, MANIFEST_FILE), text)
}
