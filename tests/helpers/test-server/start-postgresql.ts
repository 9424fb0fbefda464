import { execFile } from 'node:child_process'
import { chown, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { findPostgresqlBinaries, postgresqlRunAsUser } from './postgresql-binaries'
import { makeScratchDir } from './scratch-dir'
import { spawnUntilReady } from './spawn-until-ready'

const run = promisify(execFile)
const START_TIMEOUT_MS = 60_000
const SUPERUSER = 'ferretdb'

export interface RunningPostgresql {
  /** For FerretDB's `--postgresql-url`: a Unix socket in the cluster's own folder, no TCP port. */
  url: string
  version: string
  /** Fast shutdown, then the folder is removed. */
  stop: () => Promise<void>
}

/**
 * A throwaway PostgreSQL cluster (initdb + postgres) in a temporary folder, reachable only through a
 * Unix socket in that folder, so parallel runs never compete for a port. As root it runs as the
 * `postgres` user (PostgreSQL refuses root). Durability is off (`fsync`, full-page writes): the
 * data lives as long as the test run.
 */
export async function startPostgresql(): Promise<RunningPostgresql> {
  const binaries = findPostgresqlBinaries()
  if (!binaries) {
    throw new Error(
      'PostgreSQL is not installed (no initdb/postgres in /usr/lib/postgresql/*/bin or on PATH; apt-get install postgresql)'
    )
  }
  const runAs = postgresqlRunAsUser()
  const dir = await makeScratchDir('postgresql', runAs ? await parentOthersCanEnter() : tmpdir())
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true })
  try {
    if (runAs) await chown(dir, runAs.uid, runAs.gid)
    const ids = runAs ? { uid: runAs.uid, gid: runAs.gid } : {}
    const data = join(dir, 'data')
    await run(
      binaries.initdb,
      [
        '-D',
        data,
        '-U',
        SUPERUSER,
        '--auth=trust',
        '--no-sync',
        '--encoding=UTF8',
        // Byte order for text, as MongoDB compares strings without a collation.
        '--locale=C',
        '--no-instructions'
      ],
      { cwd: dir, timeout: START_TIMEOUT_MS, ...ids }
    ).catch((error: unknown) => {
      const stderr = (error as { stderr?: string }).stderr ?? ''
      throw new Error(`initdb failed: ${error instanceof Error ? error.message : ''}\n${stderr}`)
    })
    const server = await spawnUntilReady({
      command: binaries.postgres,
      args: [
        '-D',
        data,
        '-k',
        dir,
        '-c',
        'listen_addresses=',
        '-F',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300'
      ],
      cwd: dir,
      label: `PostgreSQL ${binaries.version}`,
      readyLine: /database system is ready to accept connections/,
      timeoutMs: START_TIMEOUT_MS,
      scratchDir: dir,
      stopSignal: 'SIGINT',
      ...ids
    })
    return {
      url: `postgres://${SUPERUSER}@/postgres?host=${encodeURIComponent(dir)}`,
      version: binaries.version,
      stop: async () => {
        await server.stop()
        await remove()
      }
    }
  } catch (error) {
    await remove()
    throw error
  }
}

/** The temporary directory if another user can reach a folder in it, else /tmp. */
async function parentOthersCanEnter(): Promise<string> {
  let dir = tmpdir()
  const parent = dir
  for (;;) {
    const mode = (await stat(dir)).mode
    if ((mode & 0o001) === 0) return '/tmp'
    const up = dirname(dir)
    if (up === dir) return parent
    dir = up
  }
}
