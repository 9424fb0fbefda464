import type { JsonDocumentRead } from '../../storage/json-document-file'
import type { SavedFunnelsDocument } from './saved-funnels-document'

/**
 * Where saved funnels live: electron-store on desktop, a JSON file in the data folder in web mode.
 * It moves documents only; the service validates them and decides what to keep.
 */
export interface SavedFunnelsRepository {
  /** The stored document as parsed JSON, nothing, or why the stored bytes are not JSON. */
  read(): Promise<JsonDocumentRead>
  /** Replaces the stored document, all or nothing. */
  write(document: SavedFunnelsDocument): Promise<void>
  /** Keeps a copy of what is stored now, before it is rewritten; returns where the copy is. */
  keepBackup(): Promise<string>
}
