import { AppError } from '../../../shared/errors'
import { readJsonDocument, writeJsonDocumentAtomically } from '../../storage/json-document-file'
import type { ConnectionRecord, ConnectionRepository } from './connection-repository'

/** Saved connections in one JSON file, written to a temporary file and renamed: never half-written. */
export class JsonFileConnectionRepository implements ConnectionRepository {
  constructor(private readonly file: string) {}

  async load(): Promise<ConnectionRecord[]> {
    const read = await readJsonDocument(this.file)
    if (read.kind === 'missing') return []
    if (read.kind === 'unreadable') {
      throw new AppError('DATA_INVALID', `The settings file ${this.file} is not valid JSON`)
    }
    const parsed = read.value as { connections?: ConnectionRecord[] } | null
    return Array.isArray(parsed?.connections) ? parsed.connections : []
  }

  async save(records: ConnectionRecord[]): Promise<void> {
    await writeJsonDocumentAtomically(this.file, { connections: records }, { mode: 0o600 })
  }
}
