import type { RpcRouter } from '../rpc/router'
import type { DownloadServer } from './serve-download'

/** What answers `/api`: the services' router, and the export service's download links. */
export interface WebBackend {
  router: RpcRouter
  /** Serves one-time download links (`GET /api/download/<id>`): the export service. */
  downloads?: DownloadServer
}

/**
 * The services behind the web bridge, loaded once, at the first API call. Loading them (the
 * MongoDB driver, the engines, zod: some 300 ms of one core) holds the server's only thread, so it
 * must delay neither the address nor the page's files. (Loading them as soon as the files seemed
 * sent raced the browser's next requests: measured, the scripts then arrived about 1 s later.)
 */
export class BackendLoader {
  private promise: Promise<WebBackend> | null = null
  private ready: WebBackend | null = null

  constructor(private readonly load: () => Promise<WebBackend>) {}

  /** The services; starts loading them if nothing has yet. */
  get(): Promise<WebBackend> {
    if (!this.promise) {
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
}
