import { execFileSync } from 'node:child_process'
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { findOnPath } from './find-on-path'

export interface PostgresqlBinaries {
  initdb: string
  postgres: string
  /** `15.18`, from `postgres --version`. */
  version: string
}

/** Where Debian's `postgresql-NN` packages put the server programs (not on PATH). */
const DEBIAN_ROOT = '/usr/lib/postgresql'

/**
 * `initdb` and `postgres` of one installation: $JOURNEY_PG_BINDIR, else the newest Debian
 * `/usr/lib/postgresql/NN/bin`, else PATH. Null when there is none (then FerretDB uses SQLite).
 */
export function findPostgresqlBinaries(): PostgresqlBinaries | null {
  for (const dir of candidateDirs()) {
    const initdb = join(dir, 'initdb')
    const postgres = join(dir, 'postgres')
    if (!isExecutable(initdb) || !isExecutable(postgres)) continue
    const version = versionOf(postgres)
    if (version) return { initdb, postgres, version }
  }
  return null
}

function candidateDirs(): string[] {
  const dirs: string[] = []
  if (process.env.JOURNEY_PG_BINDIR) dirs.push(process.env.JOURNEY_PG_BINDIR)
  try {
    const versions = readdirSync(DEBIAN_ROOT)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    dirs.push(...versions.map((version) => join(DEBIAN_ROOT, version, 'bin')))
  } catch {
    // not Debian's layout
  }
  const onPath = findOnPath('initdb')
  if (onPath) dirs.push(dirname(onPath))
  return dirs
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function versionOf(postgres: string): string | null {
  try {
    const text = execFileSync(postgres, ['--version'], { encoding: 'utf8', timeout: 10_000 })
    return /\(PostgreSQL\)\s+(\S+)/.exec(text)?.[1] ?? null
  } catch {
    return null
  }
}

/** A user and group to run PostgreSQL as; it refuses to run as root. */
export interface RunAsUser {
  name: string
  uid: number
  gid: number
}

/**
 * Null when this process is not root (PostgreSQL then runs as us). As root: the `postgres` user
 * Debian's package creates, or $JOURNEY_PG_USER; an error when neither exists.
 */
export function postgresqlRunAsUser(): RunAsUser | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null
  const name = process.env.JOURNEY_PG_USER ?? 'postgres'
  const entry = passwdEntry(name)
  if (!entry) {
    throw new Error(
      `running as root, and PostgreSQL refuses root: no user "${name}" to run it as (set JOURNEY_PG_USER)`
    )
  }
  return entry
}

function passwdEntry(name: string): RunAsUser | null {
  let text: string
  try {
    text = execFileSync('getent', ['passwd', name], { encoding: 'utf8', timeout: 10_000 })
  } catch {
    try {
      text = readFileSync('/etc/passwd', 'utf8')
    } catch {
      return null
    }
  }
  for (const line of text.split('\n')) {
    const [user, , uid, gid] = line.split(':')
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) }
    }
  }
  return null
}
