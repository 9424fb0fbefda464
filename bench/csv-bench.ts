import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { info, type SectionResult } from './figures'

const SECTION = 'csv'

/**
 * Section 5: CSV export (target >= 50,000 rows/s with flat memory). There is nothing to time until
 * a streaming CSV writer exists in src/main: this looks for one (a file named for CSV or export) and
 * reports `not built` when there is none, naming what does exist. When one appears, this section
 * needs an adapter to call it; it does not invent a writer of its own.
 */
export async function benchCsv(): Promise<SectionResult> {
  const sources = await listFiles(join(REPO_ROOT, 'src', 'main'))
  const candidates = sources
    .filter((file) => /csv|export/i.test(file.split('/').pop() ?? ''))
    .map((file) => relative(REPO_ROOT, file))
  const whole = 'src/main/cli/format-table.ts'
  const wholeNote = sources.some((file) => relative(REPO_ROOT, file) === whole)
    ? `${whole} has formatCsv(table), which builds one string for the CLI's --format csv (no stream, no backpressure)`
    : undefined
  if (candidates.length === 0) {
    return {
      data: {
        status: 'not built',
        looked: 'files under src/main named *csv* or *export*',
        ...(wholeNote ? { existing: wholeNote } : {})
      },
      figures: [
        info(
          SECTION,
          'CSV export rows/s (target >= 50,000, flat memory)',
          null,
          'rows/s',
          `not built${wholeNote ? `; ${wholeNote}` : ''}`
        )
      ]
    }
  }
  return {
    data: { status: 'found, not benchmarked', candidates },
    figures: [
      info(
        SECTION,
        'CSV export rows/s (target >= 50,000, flat memory)',
        null,
        'rows/s',
        `found ${candidates.join(', ')}: add its adapter to bench/csv-bench.ts`
      )
    ]
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else if (entry.name.endsWith('.ts')) files.push(path)
  }
  return files
}
