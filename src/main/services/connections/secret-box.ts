import type { PasswordStorage } from '../../../shared/contracts/connections-contract'

/**
 * Keeps passwords out of plain files. On desktop, Electron's safeStorage (the OS keychain) encrypts
 * them; elsewhere (web mode, CLI) they live in this process only and must be given again after a
 * restart.
 */
export interface SecretBox {
  readonly storage: Exclude<PasswordStorage, 'none'>
  /** What to persist for this secret; null when it is kept in memory only. */
  seal(connectionId: string, secret: string): Promise<string | null>
  /** The secret again, or null when it is not available (e.g. session-only after a restart). */
  open(connectionId: string, sealed: string | undefined): Promise<string | null>
  forget(connectionId: string): void
}

export class SessionSecretBox implements SecretBox {
  readonly storage = 'session' as const
  private readonly secrets = new Map<string, string>()

  seal(connectionId: string, secret: string): Promise<null> {
    this.secrets.set(connectionId, secret)
    return Promise.resolve(null)
  }

  open(connectionId: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(connectionId) ?? null)
  }

  forget(connectionId: string): void {
    this.secrets.delete(connectionId)
  }
}
