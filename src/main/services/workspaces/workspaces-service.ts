import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  WorkspaceRefreshResult,
  WorkspacesContract,
  WorkspaceSummary
} from '../../../shared/contracts/workspaces-contract'
import { AppError } from '../../../shared/errors'
import type { CallContext, ServiceImplementation } from '../../../shared/rpc/contract'
import { forgetLocalDataset } from '../../engine/local/local-dataset-cache'
import { readExtractState } from '../../workspace/extract-state'
import { extractFromServer, refreshFromServer } from '../../workspace/server-workspace'
import { MANIFEST_FILE, readManifest } from '../../workspace/workspace-manifest'
import { workspaceIdOf } from './workspace-id'

export interface WorkspacesServiceOptions {
  /** Where the offline copies live, one folder each (in the app's data folder). */
  root: string
  /** The full URI of a saved connection (the connections service decrypts its password). */
  resolveConnectionUri: (connectionId: string) => Promise<string>
  /** Told when a copy's data changed or went, so cached answers about it are dropped. */
  onChanged?: (workspaceId: string) => void
}

/**
 * "Work offline": offline copies of saved connections' databases, made by the same extract and
 * refresh as `journey extract` / `journey refresh`, kept in the app's data folder and queried by
 * the local engine as `{ kind: 'workspace' }` sources. One long job per copy at a time.
 */
export class WorkspacesService implements ServiceImplementation<WorkspacesContract> {
  private readonly busy = new Map<string, string>()

  constructor(private readonly options: WorkspacesServiceOptions) {}

  /** The offline copies, newest first (unfinished extracts too). */
  async list(): Promise<WorkspaceSummary[]> {
    let entries: string[]
    try {
      entries = await readdir(this.options.root)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return []
      throw error
    }
    const summaries = await Promise.all(
      entries.filter((name) => /^[a-f0-9]{16}$/.test(name)).map((id) => this.summaryOf(id))
    )
    return summaries
      .filter((summary): summary is WorkspaceSummary => summary !== null)
      .sort((a, b) => time(b.refreshedAt ?? b.createdAt) - time(a.refreshedAt ?? a.createdAt))
  }

  /** Copies a connection's database into its offline copy (going on from an unfinished one). */
  async extract(
    input: { connectionId: string; database: string },
    context: CallContext
  ): Promise<WorkspaceSummary> {
    const id = workspaceIdOf(input.connectionId, input.database)
    return this.exclusively(id, 'being copied', async () => {
      const existing = await this.summaryOf(id)
      if (existing?.status === 'ready') {
        throw new AppError(
          'INVALID_INPUT',
          `${input.database} already has an offline copy: refresh it to bring it up to date.`,
          { workspaceId: id }
        )
      }
      const uri = await this.options.resolveConnectionUri(input.connectionId)
      const folder = this.folderOf(id)
      await mkdir(this.options.root, { recursive: true })
      await extractFromServer(
        { uri, database: input.database, connectionId: input.connectionId },
        folder,
        {},
        context
      )
      this.options.onChanged?.(id)
      return this.requireSummary(id)
    })
  }

  /** The events added on the server since the copy's high-water mark, and what they touch. */
  async refresh(input: { id: string }, context: CallContext): Promise<WorkspaceRefreshResult> {
    return this.exclusively(input.id, 'being refreshed', async () => {
      const summary = await this.requireSummary(input.id)
      if (summary.status !== 'ready' || !summary.connectionId) {
        throw new AppError(
          'INVALID_INPUT',
          summary.status !== 'ready'
            ? 'This offline copy is unfinished: work offline again to finish it first.'
            : 'This offline copy does not say which saved connection it came from.'
        )
      }
      const uri = await this.options.resolveConnectionUri(summary.connectionId)
      const result = await refreshFromServer(this.folderOf(input.id), uri, context)
      this.options.onChanged?.(input.id)
      return {
        workspace: await this.requireSummary(input.id),
        newEvents: result.newEvents,
        sessions: result.sessions,
        users: result.users,
        ms: Math.round(result.ms)
      }
    })
  }

  /** Deletes an offline copy's folder (the server is not touched). */
  async remove(input: { id: string }): Promise<{ removed: boolean }> {
    return this.exclusively(input.id, 'being removed', async () => {
      const folder = this.folderOf(input.id)
      const summary = await this.summaryOf(input.id)
      forgetLocalDataset(folder)
      await rm(folder, { recursive: true, force: true })
      this.options.onChanged?.(input.id)
      return { removed: summary !== null }
    })
  }

  /** The folder a `{ kind: 'workspace' }` source reads; NOT_FOUND when the copy is not ready. */
  async readyFolder(id: string): Promise<string> {
    const summary = await this.summaryOf(id)
    if (summary?.status !== 'ready') {
      throw new AppError(
        'NOT_FOUND',
        summary
          ? 'This offline copy is unfinished: work offline again on the Connections screen to finish it.'
          : 'This offline copy no longer exists: it was removed, or made by another installation.',
        { workspaceId: id }
      )
    }
    return this.folderOf(id)
  }

  private folderOf(id: string): string {
    return join(this.options.root, id)
  }

  private async requireSummary(id: string): Promise<WorkspaceSummary> {
    const summary = await this.summaryOf(id)
    if (!summary) throw new AppError('NOT_FOUND', 'This offline copy no longer exists.')
    return summary
  }

  private async summaryOf(id: string): Promise<WorkspaceSummary | null> {
    const folder = this.folderOf(id)
    let entries: string[]
    try {
      entries = await readdir(folder)
    } catch {
      return null
    }
    if (entries.includes(MANIFEST_FILE)) {
      const manifest = await readManifest(folder)
      return {
        id,
        connectionId: manifest.origin.connectionId ?? null,
        database: manifest.origin.database,
        hosts: manifest.origin.hosts,
        status: 'ready',
        createdAt: manifest.createdAt,
        refreshedAt: manifest.refreshedAt,
        counts: manifest.counts
      }
    }
    const state = await readExtractState(folder)
    if (!state) return null
    return {
      id,
      connectionId: state.origin.connectionId ?? null,
      database: state.origin.database,
      hosts: state.origin.hosts,
      status: 'unfinished',
      createdAt: state.startedAt,
      refreshedAt: null,
      counts: null
    }
  }

  /** Runs one job on a copy; a second one while it runs is refused, saying what is going on. */
  private async exclusively<T>(id: string, doing: string, job: () => Promise<T>): Promise<T> {
    const running = this.busy.get(id)
    if (running) {
      throw new AppError(
        'INVALID_INPUT',
        `This offline copy is ${running} right now; wait for that to end, or cancel it.`
      )
    }
    this.busy.set(id, doing)
    try {
      return await job()
    } finally {
      this.busy.delete(id)
    }
  }
}

function time(date: Date | null): number {
  return date ? new Date(date).getTime() : 0
}
