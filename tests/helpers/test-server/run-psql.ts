import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { findOnPath } from './find-on-path'
import { findPostgresqlBinaries } from './postgresql-binaries'

/**
 * Runs SQL with `psql` (beside the server programs the test helper uses, else on PATH) against a
 * cluster's URL, stopping at the first error: unaligned tuples only on stdout, NOTICEs on stderr.
 */
export function runPsql(url: string, sql: string): Promise<{ stdout: string; stderr: string }> {
  const binaries = findPostgresqlBinaries()
  const psql = binaries ? join(dirname(binaries.postgres), 'psql') : findOnPath('psql')
  if (!psql) return Promise.reject(new Error('psql is not installed'))
  return new Promise((resolve, reject) => {
    const child = execFile(
      psql,
      ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`psql failed: ${error.message}\n${stderr}`))
        else resolve({ stdout, stderr })
      }
    )
    child.stdin?.end(sql)
  })
}
