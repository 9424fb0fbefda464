import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { EJSON } from 'bson'
import type { EventRange } from './event-cursor'
import type { HighWaterMark, WorkspaceOrigin } from './workspace-manifest'
import { writeFileAtomically } from './write-file-atomically'

export const STATE_FILE = '.extract-state.json'

/**
 * How far an extract got, rewritten after each checkpoint. Events are durable up to `bytes` of
 * `events.ndjson.partial`, the last of them being `last`; a collection not `done` is read again
 * from its start.
 */
export interface ExtractState {
  format: 1
  origin: WorkspaceOrigin
  range: EventRange
  startedAt: Date
  events: { bytes: number; count: number; last: HighWaterMark | null; done: boolean }
  sessions: { count: number; done: boolean }
  users: { count: number; done: boolean }
}

export async function readExtractState(folder: string): Promise<ExtractState | null> {
  try {
    return EJSON.parse(await readFile(join(folder, STATE_FILE), 'utf8'), {
      relaxed: true
    }) as ExtractState
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null
    // A state file that cannot be read is no checkpoint: start over.
    return null
  }
}

export async function writeExtractState(folder: string, state: ExtractState): Promise<void> {
  await writeFileAtomically(
    join(folder, STATE_FILE),
    EJSON.stringify(state, undefined, 2, { relaxed: true })
  )
}

export async function removeExtractState(folder: string): Promise<void> {
  await rm(join(folder, STATE_FILE), { force: true })
}

/** Whether a state was made by an extract of the same database and range. */
export function sameExtract(
  state: ExtractState,
  origin: WorkspaceOrigin,
  range: EventRange
): boolean {
  const time = (date: Date | undefined) => (date ? new Date(date).getTime() : null)
  return (
    state.origin.hosts === origin.hosts &&
    state.origin.database === origin.database &&
    time(state.range.from) === time(range.from) &&
    time(state.range.to) === time(range.to)
  )
}
