import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ensureFerretdbBinary } from './ferretdb-binary'
import { spawnUntilReady, type ReadyProcess } from './spawn-until-ready'

const START_TIMEOUT_MS = 30_000

/** Where a FerretDB keeps its data. */
export type FerretdbBackend =
  { handler: 'postgresql'; url: string } | { handler: 'sqlite'; dir: string }

export interface FerretdbProcessOptions {
  backend: FerretdbBackend
  /** FerretDB's state folder (and the scratch folder removed if the runner dies). */
  home: string
  /** 0 (the default) lets FerretDB pick a free port; a number reuses one (a restart). */
  port?: number
  /**
   * Serve the debug handlers (Prometheus metrics: open connections and cursors) on a port of this
   * process's own; otherwise `--debug-addr=-`. Never the default 8088, which two FerretDBs share.
   */
  metrics?: boolean
  /** More flags (TLS, authentication). */
  extraArgs?: string[]
  /** Another line to wait for, e.g. the TLS listener. */
  alsoWaitFor?: RegExp[]
  label?: string
}

export interface FerretdbProcess {
  /** `mongodb://127.0.0.1:PORT/` */
  uri: string
  port: number
  /** `http://127.0.0.1:PORT/debug/metrics`, or null without `metrics`. */
  metricsUrl: string | null
  server: ReadyProcess
  stop: () => Promise<void>
}

/** Starts one FerretDB on a backend and resolves once it listens (and serves its metrics). */
export async function spawnFerretdb(options: FerretdbProcessOptions): Promise<FerretdbProcess> {
  const binary = await ensureFerretdbBinary(() => undefined)
  const backendArgs =
    options.backend.handler === 'postgresql'
      ? ['--handler=postgresql', `--postgresql-url=${options.backend.url}`]
      : ['--handler=sqlite', `--sqlite-url=file:${options.backend.dir}/`]
  if (options.backend.handler === 'sqlite') await mkdir(options.backend.dir, { recursive: true })
  const metricsLine = /(http:\/\/127\.0\.0\.1:\d+)\/debug\/metrics/
  const server = await spawnUntilReady({
    command: binary,
    args: [
      ...backendArgs,
      `--listen-addr=127.0.0.1:${String(options.port ?? 0)}`,
      options.metrics ? '--debug-addr=127.0.0.1:0' : '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${options.home}`,
      '--log-level=info',
      ...(options.extraArgs ?? [])
    ],
    cwd: options.home,
    label: options.label ?? `FerretDB (${options.backend.handler})`,
    readyLine: /Listening on TCP (127\.0\.0\.1:(\d+))/,
    alsoWaitFor: [...(options.metrics ? [metricsLine] : []), ...(options.alsoWaitFor ?? [])],
    timeoutMs: START_TIMEOUT_MS,
    scratchDir: options.home
  })
  const port = Number(server.match[2])
  const metricsUrl = options.metrics ? `${server.otherMatches[0]?.[1] ?? ''}/debug/metrics` : null
  return {
    uri: `mongodb://127.0.0.1:${String(port)}/`,
    port,
    metricsUrl,
    server,
    stop: server.stop
  }
}

/** The SQLite backend's data folder inside a FerretDB home. */
export function sqliteDataDir(home: string): string {
  return join(home, 'data')
}
