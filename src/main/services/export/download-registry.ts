import { randomBytes } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { DownloadTicket, ExportResult } from '../../../shared/export/export-results'
import type { CallContext, Progress } from '../../../shared/rpc/contract'

/** How long a download link may wait for the browser to open it. */
export const DOWNLOAD_TTL_MS = 60_000

/** What a download link stands for; the registry does not look inside. */
export type DownloadJob = object

/** One download from its link's creation to its end, with whoever watches its progress. */
export class DownloadEntry<J extends DownloadJob> {
  readonly controller = new AbortController()
  private readonly watchers = new Set<(progress: Progress) => void>()
  private state: 'waiting' | 'running' | 'ended' = 'waiting'
  private readonly outcome: Promise<ExportResult>
  private settle!: { resolve: (result: ExportResult) => void; reject: (error: unknown) => void }

  constructor(readonly job: J) {
    this.outcome = new Promise<ExportResult>((resolve, reject) => {
      this.settle = { resolve, reject }
    })
    // Nobody may be watching: an unwatched failure must not become an unhandled rejection.
    this.outcome.catch(() => undefined)
  }

  /** The call context the export runs with: this entry's signal, progress to the watchers. */
  get context(): CallContext {
    return {
      signal: this.controller.signal,
      reportProgress: (progress) => {
        for (const watcher of this.watchers) watcher(progress)
      }
    }
  }

  /** Resolves once the download has ended, however it ended. */
  get ended(): Promise<void> {
    return this.outcome.then(
      () => undefined,
      () => undefined
    )
  }

  get started(): boolean {
    return this.state !== 'waiting'
  }

  markRunning(): void {
    this.state = 'running'
  }

  finish(result: ExportResult): void {
    this.state = 'ended'
    this.settle.resolve(result)
  }

  fail(error: unknown): void {
    this.state = 'ended'
    this.settle.reject(error)
  }

  /** Resolves with the result; cancelling the watching call stops the download. */
  watch(context: CallContext): Promise<ExportResult> {
    const watcher = context.reportProgress
    this.watchers.add(watcher)
    const onAbort = (): void => {
      this.controller.abort()
    }
    context.signal.addEventListener('abort', onAbort, { once: true })
    return this.outcome.finally(() => {
      this.watchers.delete(watcher)
      context.signal.removeEventListener('abort', onAbort)
    })
  }
}

/**
 * One-time download links for web mode. `create` (behind the bridge's token) makes a random id
 * that the browser may use once, within DOWNLOAD_TTL_MS, without the token (a plain GET cannot
 * carry it); `take` hands the entry out once. Ids are 192 random bits and never logged.
 */
export class DownloadRegistry<J extends DownloadJob> {
  private readonly entries = new Map<string, DownloadEntry<J>>()

  constructor(private readonly ttlMs = DOWNLOAD_TTL_MS) {}

  create(job: J): DownloadTicket {
    const downloadId = randomBytes(24).toString('base64url')
    const entry = new DownloadEntry(job)
    this.entries.set(downloadId, entry)
    const forget = (): void => {
      if (this.entries.get(downloadId) === entry) this.entries.delete(downloadId)
    }
    const expiry = setTimeout(() => {
      if (entry.started) return
      entry.fail(
        new AppError(
          'TIMEOUT',
          'The download link expired before the browser opened it; export again.'
        )
      )
    }, this.ttlMs)
    expiry.unref()
    // A finished download stays known a little while, so a late watcher still gets its result.
    void entry.ended.then(() => {
      clearTimeout(expiry)
      setTimeout(forget, this.ttlMs).unref()
    })
    return {
      downloadId,
      url: `/api/download/${downloadId}`,
      expiresAt: new Date(Date.now() + this.ttlMs)
    }
  }

  /** The entry of a link that has not been used yet, marked as running; null otherwise. */
  take(downloadId: string): DownloadEntry<J> | null {
    const entry = this.entries.get(downloadId)
    if (!entry || entry.started) return null
    entry.markRunning()
    return entry
  }

  /** The entry of a link, used or not, while it is known (for watching its progress). */
  find(downloadId: string): DownloadEntry<J> | null {
    return this.entries.get(downloadId) ?? null
  }

  /** Stops every download (the bridge is closing). */
  abortAll(): void {
    for (const entry of this.entries.values()) entry.controller.abort()
  }
}
