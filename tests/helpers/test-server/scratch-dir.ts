import { readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/*
 * Temporary folders of test servers (a FerretDB state folder, a PostgreSQL cluster) carry the pid of
 * the process that made them and of the servers started in them. A run that was killed outright
 * (SIGKILL, a crashed runner) cannot clean up after itself; the next run finds such folders, stops
 * their servers and removes them.
 */

const PREFIX = 'journey-'
const OWNER_FILE = 'owner.pid'
const CHILDREN_FILE = 'children.pid'

/** A fresh `journey-<kind>-XXXXXX` folder in the temporary directory, owned by this process. */
export async function makeScratchDir(kind: string, parent: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, `${PREFIX}${kind}-`))
  writeFileSync(join(dir, OWNER_FILE), `${String(process.pid)}\n`)
  return dir
}

/** Notes a server process started for this folder, so a later run can stop it if we die. */
export function recordScratchChild(dir: string, pid: number | undefined): void {
  if (pid === undefined) return
  try {
    appendFileSync(join(dir, CHILDREN_FILE), `${String(pid)}\n`)
  } catch {
    // the folder is being removed
  }
}

/**
 * Stops the servers of, and removes, every scratch folder whose owner process is gone. A server is
 * only signalled when its command line names the folder, so a reused pid is never hit.
 */
export function sweepStaleScratchDirs(parent: string = tmpdir()): string[] {
  const removed: string[] = []
  let entries: string[]
  try {
    entries = readdirSync(parent)
  } catch {
    return removed
  }
  for (const entry of entries) {
    if (!entry.startsWith(PREFIX)) continue
    const dir = join(parent, entry)
    const owner = readPid(join(dir, OWNER_FILE))
    if (owner === null || isAlive(owner)) continue
    for (const pid of readPids(join(dir, CHILDREN_FILE))) {
      if (isAlive(pid) && commandLineOf(pid).includes(dir)) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone meanwhile
        }
      }
    }
    rmSync(dir, { recursive: true, force: true })
    removed.push(dir)
  }
  return removed
}

function readPid(file: string): number | null {
  return readPids(file)[0] ?? null
}

function readPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0)
  } catch {
    return []
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return ''
  }
}
