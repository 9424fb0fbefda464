import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { ConnectionRecord, ConnectionRepository } from './connection-repository'

/** Saved connections in one JSON file, written to a temporary file and renamed: never half-written. */
export class JsonFileConnectionRepository implements ConnectionRepository {
  constructor(private readonly file: string) {}

  async load(): Promise<ConnectionRecord[]> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    try {
      const parsed = JSON.parse(text) as { connections?: ConnectionRecord[] }
      return Array.isArray(parsed.connections) ? parsed.connections : []
    } catch {
      throw new AppError('DATA_INVALID', `The settings file ${this.file} is not valid JSON`)
    }
  }

  async save(records: ConnectionRecord[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true })
    const partial = `${this.file}.partial`
    await writeFile(partial, JSON.stringify({ connections: records }, null, 2), { mode: 0o600 })
    await rename(partial, this.file)
  }
}
