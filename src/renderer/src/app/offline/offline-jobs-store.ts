import { create } from 'zustand'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { formatCount } from '../../../../shared/format'
import type { Progress } from '../../../../shared/rpc/contract'
import { toEnvelope } from '../../api/rpc-error'
import { api } from '../../api/workbench-api'
import { useSourceStore } from '../source/source-store'
import { describeRefreshOutcome } from './describe-offline-job'

/** A long job on an offline copy: copying a connection's database, or refreshing a copy. */
export type OfflineJob =
  | { status: 'running'; controller: AbortController; progress: Progress | null }
  | { status: 'done'; message: string; workspaceId: string }
  | { status: 'failed'; error: ErrorEnvelope }
  | { status: 'cancelled'; message: string }

/** Jobs are keyed `extract:<connection id>` and `refresh:<copy id>`. */
export const extractKey = (connectionId: string): string => `extract:${connectionId}`
export const refreshKey = (workspaceId: string): string => `refresh:${workspaceId}`

interface OfflineJobsState {
  jobs: Record<string, OfflineJob | undefined>
  /** "Work offline": copies a connection's database (going on from an unfinished copy). */
  extract: (connectionId: string, database: string) => Promise<void>
  refresh: (workspaceId: string) => Promise<void>
  cancel: (key: string) => void
  dismiss: (key: string) => void
  /** Resolves to the error to show, or null once removed. */
  remove: (workspaceId: string) => Promise<ErrorEnvelope | null>
}

export const useOfflineJobsStore = create<OfflineJobsState>()((set, get) => {
  const put = (key: string, job: OfflineJob | undefined) => {
    set((state) => ({ jobs: { ...state.jobs, [key]: job } }))
  }
  /** Runs a job with progress and cancel; the copies are listed again whatever the outcome. */
  const run = async (
    key: string,
    call: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<{
      message: string
      workspaceId: string
    }>,
    cancelledMessage: string
  ) => {
    if (get().jobs[key]?.status === 'running') return
    const controller = new AbortController()
    put(key, { status: 'running', controller, progress: null })
    try {
      const outcome = await call({
        signal: controller.signal,
        onProgress: (progress) => {
          const job = get().jobs[key]
          if (job?.status === 'running' && job.controller === controller) {
            put(key, { ...job, progress })
          }
        }
      })
      put(key, { status: 'done', ...outcome })
      useSourceStore.getState().dataChanged()
    } catch (error) {
      const envelope = toEnvelope(error)
      put(
        key,
        envelope.code === 'CANCELLED'
          ? { status: 'cancelled', message: cancelledMessage }
          : { status: 'failed', error: envelope }
      )
      void useSourceStore.getState().loadWorkspaces()
    }
  }

  return {
    jobs: {},

    async extract(connectionId, database) {
      await run(
        extractKey(connectionId),
        async (options) => {
          const workspace = await api.workspaces.extract({ connectionId, database }, options)
          const events = workspace.counts?.events ?? 0
          return {
            workspaceId: workspace.id,
            message: `Offline copy of ${database} ready: ${formatCount(events)} events.`
          }
        },
        'Copy cancelled. Work offline again to go on from where it stopped.'
      )
    },

    async refresh(workspaceId) {
      await run(
        refreshKey(workspaceId),
        async (options) => {
          const result = await api.workspaces.refresh({ id: workspaceId }, options)
          return { workspaceId, message: describeRefreshOutcome(result) }
        },
        'Refresh cancelled; the offline copy is as it was.'
      )
    },

    cancel(key) {
      const job = get().jobs[key]
      if (job?.status === 'running') job.controller.abort()
    },

    dismiss(key) {
      put(key, undefined)
    },

    async remove(workspaceId) {
      try {
        await api.workspaces.remove({ id: workspaceId })
        put(refreshKey(workspaceId), undefined)
        useSourceStore.getState().dataChanged()
        return null
      } catch (error) {
        return toEnvelope(error)
      }
    }
  }
})
