import { safeStorage } from 'electron'
import type { SecretBox } from '../services/connections/secret-box'
import { SessionSecretBox } from '../services/connections/secret-box'

/** Passwords encrypted by the OS keychain (Keychain, DPAPI, libsecret) via Electron's safeStorage. */
export class SafeStorageSecretBox implements SecretBox {
  readonly storage = 'safeStorage' as const

  async seal(_connectionId: string, secret: string): Promise<string> {
    return (await safeStorage.encryptStringAsync(secret)).toString('base64')
  }

  async open(_connectionId: string, sealed: string | undefined): Promise<string | null> {
    if (!sealed) return null
    try {
      return (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result
    } catch {
      return null
    }
  }

  forget(): void {
    // Nothing is held outside the record itself.
  }
}

/**
 * safeStorage when the OS offers real encryption; otherwise (Linux without a keyring, where Electron
 * would fall back to a hard-coded key) passwords stay in memory for this session only.
 */
export async function chooseSecretBox(): Promise<SecretBox> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
  const weak = backend === 'basic_text' || backend === 'unknown'
  return (await safeStorage.isAsyncEncryptionAvailable()) && !weak
    ? new SafeStorageSecretBox()
    : new SessionSecretBox()
}
