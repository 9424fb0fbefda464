import type { ServiceClient } from '../rpc/contract'
import { connectionsContract } from './connections-contract'
import { exportContract } from './export-contract'
import { funnelsContract } from './funnels-contract'
import { journeysContract } from './journeys-contract'
import { mappingContract } from './mapping-contract'
import { workspacesContract } from './workspaces-contract'

/** Every service the main process offers, by name. */
export const contracts = {
  connections: connectionsContract,
  journeys: journeysContract,
  funnels: funnelsContract,
  export: exportContract,
  mapping: mappingContract,
  workspaces: workspacesContract
} as const

export type Contracts = typeof contracts
export type ServiceName = keyof Contracts

/** The whole API as the renderer sees it, whatever the transport. */
export type WorkbenchApi = { [S in ServiceName]: ServiceClient<Contracts[S]> }
