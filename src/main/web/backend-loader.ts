import type { RpcRouter } from '../rpc/router'
import type { DownloadServer } from './serve-download'

/** What answers `/api`: the services' router, and the export service's download links. */
export interface WebBackend {
  router: RpcRouter
  /** Serves one-time download links (`GET /api/download/<id>`): the export service. */
  downloads?: DownloadServer
}

/** How long the page's files must have been quiet before the services load unasked. */
export const QUIET_BEFORE_LOADING_MS = 100

/**
 * The services behind the web bridge, loaded once: at the first API call, or earlier, as soon as
 * the browser has the page's files and asks for no more for a moment. Loading them (the MongoDB
 * driver, the engines, zod: some 300 ms of one core) blocks the server's only thread, so it must
 * neither delay the address nor the page's scripts; once the scripts are out, the browser spends
 * far longer parsing them and drawing the first screen, and the load runs meanwhile.
 */
export class BackendLoader {
  private promise: Promise<WebBackend> | null = null
  private ready: WebBackend | null = null
  private filesInFlight = 0
  private quietTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly load: () => Promise<WebBackend>,
    private readonly quietMs = QUIET_BEFORE_LOADING_MS
  ) {}

  /** The services; starts loading them if nothing has yet. */
  get(): Promise<WebBackend> {
    if (!this.promise) {
      clearTimeout(this.quietTimer)
      this.promise = this.load()
      this.promise.then(
        (ready) => {
          this.ready = ready
        },
        // The caller's loader reports its own failure; each call meets it as an internal error.
        () => undefined
      )
    }
    return this.promise
  }

  /** The services once loaded (to cancel calls on close without waiting), else null. */
  get loaded(): WebBackend | null {
    return this.ready
  }

  /** A page file is being sent: not now. */
  fileStarted(): void {
    this.filesInFlight += 1
    clearTimeout(this.quietTimer)
  }

  /** A page file was sent; when none follows within the quiet time, load. */
  fileFinished(): void {
    this.filesInFlight = Math.max(0, this.filesInFlight - 1)
    if (this.promise || this.filesInFlight > 0) return
    clearTimeout(this.quietTimer)
    this.quietTimer = setTimeout(() => void this.get().catch(() => undefined), this.quietMs)
  }

  dispose(): void {
    clearTimeout(this.quietTimer)
  }
}
