import {
  keepBackupCopy,
  readJsonDocument,
  writeJsonDocumentAtomically,
  type JsonDocumentRead
} from '../../storage/json-document-file'
import type { SavedFunnelsDocument } from './saved-funnels-document'
import type { SavedFunnelsRepository } from './saved-funnels-repository'

/** Saved funnels in one JSON file (web mode: `<data dir>/saved-funnels.json`), written atomically. */
export class JsonFileSavedFunnelsRepository implements SavedFunnelsRepository {
  constructor(private readonly file: string) {}

  read(): Promise<JsonDocumentRead> {
    return readJsonDocument(this.file)
  }

  write(document: SavedFunnelsDocument): Promise<void> {
    return writeJsonDocumentAtomically(this.file, document)
  }

  keepBackup(): Promise<string> {
    return keepBackupCopy(this.file)
  }
}
