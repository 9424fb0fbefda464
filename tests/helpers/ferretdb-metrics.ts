/**
 * What a FerretDB says about itself in its Prometheus metrics (`--debug-addr`): connections and
 * cursors opened and closed. Read from the server, so a test can prove that a cancelled query closed
 * its cursor there, not only that the driver meant to.
 */
export interface FerretdbCounts {
  /** Client connections open now (accepted minus ended). */
  openConnections: number
  /** Cursors open now, on every database or on the one asked for. */
  openCursors: number
  cursorsCreated: number
}

export async function readFerretdbCounts(
  metricsUrl: string,
  database?: string
): Promise<FerretdbCounts> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`FerretDB metrics answered ${String(response.status)}`)
  const lines = (await response.text()).split('\n')
  const inDatabase = (line: string): boolean =>
    database === undefined || line.includes(`db="${database}"`)
  const sum = (metric: string, filter: (line: string) => boolean = () => true): number =>
    lines
      .filter(
        (line) => (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) && filter(line)
      )
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
  const cursorsCreated = sum('ferretdb_cursors_created_total', inDatabase)
  return {
    openConnections:
      sum('ferretdb_client_accepts_total') - sum('ferretdb_client_duration_seconds_count'),
    openCursors: cursorsCreated - sum('ferretdb_cursors_duration_seconds_count', inDatabase),
    cursorsCreated
  }
}
