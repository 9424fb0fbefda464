import { safeStorage } from 'electron'
import type { SecretBox } from '../services/connections/secret-box'
import { SessionSecretBox } from '../services/connections/secret-box'

/** Passwords encrypted by the OS keychain (Keychain, DPAPI, libsecret) via Electron's safeStorage. */
export class SafeStorageSecretBox implements SecretBox {
  readonly storage = 'safeStorage' as const

  seal(_connectionId: string, secret: string): string {
    return safeStorage.encryptString(secret).toString('base64')
  }

  open(_connectionId: string, sealed: string | undefined): string | null {
    if (!sealed) return null
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
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
export function chooseSecretBox(): SecretBox {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
  const weak = backend === 'basic_text' || backend === 'unknown'
  return safeStorage.isEncryptionAvailable() && !weak
    ? new SafeStorageSecretBox()
    : new SessionSecretBox()
}
