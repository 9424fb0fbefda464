import type { Figure } from './figures'
import type { MachineInfo } from './machine-info'

const COLUMNS = ['Section', 'Figure', 'Value', 'Target', 'Result'] as const

/** The figures as an aligned text table, each note on an indented line below its row. */
export function formatSummary(figures: readonly Figure[], machine: MachineInfo): string {
  const rows = figures.map((figure) => [
    figure.section,
    figure.name,
    formatValue(figure),
    figure.target ?? '',
    figure.pass === null ? (figure.target ? 'n/a' : '') : figure.pass ? 'PASS' : 'MISS'
  ])
  const widths = COLUMNS.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => (row[c] ?? '').length))
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd()
  const out = [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('  ')]
  rows.forEach((row, i) => {
    out.push(line(row))
    const note = figures[i]?.note
    if (note) out.push(`${' '.repeat((widths[0] ?? 0) + 2)}  ↳ ${note}`)
  })
  const load = (values: number[] | undefined) => (values ?? []).join(' / ')
  out.push(
    '',
    `Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.totalMemoryGb} GB, node ${machine.node}, ${machine.os}`,
    `Load average (1/5/15 min): ${load(machine.loadAvgAtStart)} at start, ${load(machine.loadAvgAtEnd)} at end.`,
    `The machine may be shared with other work: with a load average above ${machine.cores} the figures are pessimistic.`
  )
  return out.join('\n')
}

function formatValue(figure: Figure): string {
  if (figure.value === null) return '—'
  if (typeof figure.value === 'string') return figure.value
  const digits = Math.abs(figure.value) >= 100 ? 0 : Math.abs(figure.value) >= 10 ? 1 : 2
  const number = figure.value.toLocaleString('en-US', { maximumFractionDigits: digits })
  return figure.unit ? `${number} ${figure.unit}` : number
}
