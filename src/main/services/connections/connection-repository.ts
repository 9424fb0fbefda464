import type { PasswordStorage, QuerySettings } from '../../../shared/contracts/connections-contract'

/** A saved connection as stored on disk: never a password in clear. */
export interface ConnectionRecord {
  id: string
  name: string
  uriWithoutPassword: string
  defaultDatabase: string | null
  passwordStorage: PasswordStorage
  /** Present only for `safeStorage`: the password encrypted by the OS keychain, base64. */
  encryptedPassword?: string
  createdAt: string
  /** Absent in files written before query settings existed: the defaults apply. */
  querySettings?: QuerySettings
  /** The field mapping its queries read through (parsed when read; absent: the seed schema). */
  fieldMapping?: unknown
}

/** Where saved connections live: a JSON file (in the user data folder on desktop). */
export interface ConnectionRepository {
  load(): Promise<ConnectionRecord[]>
  save(records: ConnectionRecord[]): Promise<void>
  /** What went wrong with the stored file and what was done about it, if anything did. */
  notice?(): string | null
}
