import { app } from 'electron'
import Store from 'electron-store'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { keepBackupCopy, type JsonDocumentRead } from '../storage/json-document-file'
import type { SavedFunnelsDocument } from '../services/funnels/saved-funnels-document'
import type { SavedFunnelsRepository } from '../services/funnels/saved-funnels-repository'

const STORE_NAME = 'saved-funnels'

/**
 * Saved funnels in electron-store's `saved-funnels.json` in the user data folder. electron-store
 * throws when the file is not JSON; that becomes an `unreadable` answer, and the service backs the
 * file up before anything is written over it.
 */
export class ElectronStoreSavedFunnelsRepository implements SavedFunnelsRepository {
  private readonly folder = app.getPath('userData')
  private readonly file = join(this.folder, `${STORE_NAME}.json`)
  private store: Store | null = null

  read(): Promise<JsonDocumentRead> {
    try {
      const store = this.open()
      const document = store.store
      return Promise.resolve(
        Object.keys(document).length === 0
          ? { kind: 'missing' }
          : { kind: 'document', value: document }
      )
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      return Promise.resolve({ kind: 'unreadable', reason: error.message })
    }
  }

  async write(document: SavedFunnelsDocument): Promise<void> {
    let store: Store
    try {
      store = this.open()
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      // The service has backed the damaged file up; electron-store cannot open it, so it goes.
      await rm(this.file, { force: true })
      store = this.open()
    }
    store.store = { ...document }
  }

  keepBackup(): Promise<string> {
    return keepBackupCopy(this.file)
  }

  private open(): Store {
    this.store ??= new Store({ name: STORE_NAME, cwd: this.folder, clearInvalidConfig: false })
    return this.store
  }
}
