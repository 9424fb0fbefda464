import type { PasswordStorage } from '../../../shared/contracts/connections-contract'

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
}

/** Where saved connections live: electron-store on desktop, a JSON file in web mode and tests. */
export interface ConnectionRepository {
  load(): Promise<ConnectionRecord[]>
  save(records: ConnectionRecord[]): Promise<void>
}
