/** Where a test server came from, in the order they are tried. */
export type TestServerKind = 'MONGODB_URI' | 'mongod' | 'ferretdb' | 'mongodb-memory-server'

/** What the tests talk to: serialisable, so vitest can `provide` it to test files. */
export interface TestServerInfo {
  kind: TestServerKind
  /** Connection string, e.g. `mongodb://127.0.0.1:40123/`; MONGODB_URI as given. */
  uri: string
  /** The server's own version: FerretDB's release for FerretDB, MongoDB's otherwise. */
  version: string
  flavor: 'MongoDB' | 'FerretDB'
  /** FerretDB only: where it keeps its data (PostgreSQL where it can be had, else SQLite). */
  backend?: { handler: 'postgresql'; version: string; url: string } | { handler: 'sqlite' }
  /** FerretDB only: its Prometheus metrics (connections and cursors opened and closed). */
  metricsUrl?: string
}

export interface RunningTestServer {
  info: TestServerInfo
  /** Stops the process (if we started one) and deletes its temporary folder. Safe to call twice. */
  stop: () => Promise<void>
}

/** One line naming the server, as printed at the start of a test run. */
export function describeTestServer(info: TestServerInfo): string {
  const source = info.kind === 'MONGODB_URI' ? ' (from MONGODB_URI)' : ''
  const backend = !info.backend
    ? ''
    : info.backend.handler === 'postgresql'
      ? ` on PostgreSQL ${info.backend.version}`
      : ' on SQLite'
  return `${info.flavor} ${info.version}${backend} at ${redactPassword(info.uri)}${source}`
}

/** Keeps passwords from MONGODB_URI out of logs. */
export function redactPassword(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/[^:/@]+):[^@/]*@/i, '$1:***@')
}
