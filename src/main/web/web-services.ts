import { join } from 'node:path'
import { demoWorkspaceFolder } from '../app-paths'
import { composeServices, type ComposedServices } from '../compose-services'
import { JsonFileConnectionRepository } from '../services/connections/json-file-repository'
import { SessionSecretBox } from '../services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../services/funnels/json-file-saved-funnels-repository'

/**
 * The web mode's services over its data folder: connections and saved funnels as JSON files there,
 * passwords for this process only, offline copies in its workspaces folder, and the folders opened
 * with --folder. Loaded apart from the
 * bridge (see start-web.ts).
 */
export function composeWebServices(
  dataDir: string,
  openedFolders: readonly string[]
): ComposedServices {
  return composeServices({
    repository: new JsonFileConnectionRepository(join(dataDir, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(dataDir, 'saved-funnels.json')),
    demoFolder: demoWorkspaceFolder(),
    openedFolders: [...openedFolders],
    workspacesFolder: join(dataDir, 'workspaces')
  })
}
