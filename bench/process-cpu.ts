import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** The pid of a direct child of this process with the given command name (Linux /proc), or null. */
export function findChildProcess(command: string): number | null {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return null
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat?.ppid === process.pid && stat.comm === command) return Number(entry)
  }
  return null
}

/** CPU seconds (user + system) a process has used so far, or null when it cannot be read. */
export function processCpuSeconds(pid: number): number | null {
  const stat = readStat(pid)
  return stat ? (stat.utime + stat.stime) / TICKS_PER_SECOND : null
}

/** CPU seconds this process has used so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

function readStat(
  pid: number
): { comm: string; ppid: number; utime: number; stime: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // "pid (comm) state ppid ..."; comm may hold spaces or parentheses, so split at the last ')'.
  const close = text.lastIndexOf(')')
  const comm = text.slice(text.indexOf('(') + 1, close)
  const fields = text.slice(close + 2).split(' ')
  // After comm: state(0) ppid(1) ... utime(11) stime(12).
  return {
    comm,
    ppid: Number(fields[1]),
    utime: Number(fields[11]),
    stime: Number(fields[12])
  }
}
