import { ConnectionsView } from './ConnectionsView'

/** The Connections screen, loaded on first use. */
export default function ConnectionsScreen() {
  return <ConnectionsView />
}
