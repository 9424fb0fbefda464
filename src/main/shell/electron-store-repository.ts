import Store from 'electron-store'
import type {
  ConnectionRecord,
  ConnectionRepository
} from '../services/connections/connection-repository'

interface SettingsShape {
  connections: ConnectionRecord[]
}

/** Saved connections in electron-store's settings file (passwords are never in it). */
export class ElectronStoreConnectionRepository implements ConnectionRepository {
  private readonly store = new Store<SettingsShape>({
    name: 'connections',
    defaults: { connections: [] }
  })

  load(): Promise<ConnectionRecord[]> {
    return Promise.resolve(this.store.get('connections'))
  }

  save(records: ConnectionRecord[]): Promise<void> {
    this.store.set('connections', records)
    return Promise.resolve()
  }
}
