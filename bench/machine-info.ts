import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os'
import { round } from './timing'

export interface MachineInfo {
  cpuModel: string
  cores: number
  totalMemoryGb: number
  freeMemoryGbAtStart: number
  node: string
  os: string
  loadAvgAtStart: number[]
  loadAvgAtEnd?: number[]
  /** Flags of the bench process that change its figures (e.g. --expose-gc). */
  execArgv: string[]
}

export function machineInfo(): MachineInfo {
  const list = cpus()
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemoryGb: round(totalmem() / 1024 ** 3, 1),
    freeMemoryGbAtStart: round(freemem() / 1024 ** 3, 1),
    node: process.version,
    os: `${type()} ${release()}`,
    loadAvgAtStart: loadAverage(),
    execArgv: process.execArgv
  }
}

export function loadAverage(): number[] {
  return loadavg().map((value) => round(value, 2))
}
