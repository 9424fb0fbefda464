import { rename, writeFile } from 'node:fs/promises'
import { writeJsonDocumentAtomically } from '../../storage/json-document-file'
import type { ConnectionRecord, ConnectionRepository } from './connection-repository'
import { readConnectionsFile, salvageRecords, type ReadOutcome } from './read-connections-file'

/**
 * Saved connections in one JSON file (`{ "connections": [...] }`, the format electron-store wrote
 * too, so the desktop app reads its old file). Written to a `.partial` file, flushed and renamed,
 * so it is never half-written by the app; the previous good file is kept as `.bak`.
 *
 * A file damaged anyway (a crash of the disk, an editor, a sync tool): the damaged file is moved
 * aside (`.damaged-<time>`), every complete connection in it is kept, the backup fills in what it
 * lost, the repaired list is written back, and `notice()` says what happened until the app ends.
 */
export class JsonFileConnectionRepository implements ConnectionRepository {
  private lastNotice: string | null = null
  /** Reads and writes one at a time, so two callers never repair or replace the file at once. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date()
  ) {}

  load(): Promise<ConnectionRecord[]> {
    return this.inTurn(async () => {
      const main = await readConnectionsFile(this.file)
      if (main.kind === 'missing') return []
      if (main.kind === 'ok' && main.skipped.length === 0) return main.records
      return this.repair(main)
    })
  }

  save(records: ConnectionRecord[]): Promise<void> {
    return this.inTurn(() => this.write(records))
  }

  notice(): string | null {
    return this.lastNotice
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work, work)
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async write(records: ConnectionRecord[]): Promise<void> {
    // Keep the file about to be replaced, when it is a good one, as the backup.
    const current = await readConnectionsFile(this.file)
    if (current.kind === 'ok' && current.skipped.length === 0) {
      await writeFile(`${this.file}.bak`, current.text, { mode: 0o600 })
    }
    await writeJsonDocumentAtomically(this.file, { connections: records }, { mode: 0o600 })
  }

  private async repair(
    main: Exclude<ReadOutcome, { kind: 'missing' }>
  ): Promise<ConnectionRecord[]> {
    const kept = `${this.file}.damaged-${this.now().toISOString().replace(/[:.]/g, '-')}`
    await rename(this.file, kept)
    const fromMain = main.kind === 'ok' ? main.records : salvageRecords(main.text).records
    const backup = await readConnectionsFile(`${this.file}.bak`)
    const known = new Set(fromMain.map((record) => record.id))
    const fromBackup =
      backup.kind === 'ok' ? backup.records.filter((record) => !known.has(record.id)) : []
    const records = [...fromMain, ...fromBackup]
    await this.write(records)
    const what = main.kind === 'ok' ? main.skipped.join('; ') : main.reason
    const parts = [
      `The saved connections file was damaged (${what}).`,
      `${count(fromMain.length)} read from it`,
      backup.kind === 'ok'
        ? `${count(fromBackup.length)} more restored from the backup of ${backup.modified.toLocaleString('en-US')}`
        : 'no backup to restore from'
    ]
    this.lastNotice = `${parts[0]} ${parts[1]}, ${parts[2]}. The damaged file is kept as ${kept}.`
    return records
  }
}

function count(n: number): string {
  return `${String(n)} connection${n === 1 ? '' : 's'}`
}
