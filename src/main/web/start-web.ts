import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { demoWorkspaceFolder, rendererBuildFolder } from '../app-paths'
import { composeServices } from '../compose-services'
import { JsonFileConnectionRepository } from '../services/connections/json-file-repository'
import { SessionSecretBox } from '../services/connections/secret-box'
import { describeStartFailure, StartInputError } from './describe-start-failure'
import { JsonFileSavedFunnelsRepository } from '../services/funnels/json-file-saved-funnels-repository'
import { startWebBridge } from './web-bridge'

/** `npm run web`: the renderer in any browser, backed by the same services as the desktop app. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5199' },
      'data-dir': { type: 'string' },
      // The web mode's open-folder flow: the folders of NDJSON files its pages may query.
      folder: { type: 'string', multiple: true, default: [] }
    },
    strict: true
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartInputError(
      `--port must be a number from 0 to 65535 (0 picks a free one), not "${values.port}"`
    )
  }
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.journey-workbench'))
  const services = composeServices({
    repository: new JsonFileConnectionRepository(join(dataDir, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(dataDir, 'saved-funnels.json')),
    demoFolder: demoWorkspaceFolder(),
    openedFolders: values.folder.map((folder) => resolve(folder))
  })
  const bridge = await startWebBridge({
    router: services.router,
    downloads: services.exports,
    rendererDir: rendererBuildFolder(),
    port
  })
  process.stdout.write(`Journey Workbench web mode: ${bridge.url}\n`)
  process.stdout.write(`Settings in ${dataDir}. Passwords are kept for this session only.\n`)
  if (values.folder.length > 0) {
    process.stdout.write(`Folders open: ${values.folder.map((f) => resolve(f)).join(', ')}\n`)
  }
  const stop = () => {
    void bridge
      .close()
      .then(() => services.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const { message, exitCode } = describeStartFailure(error)
  process.stderr.write(`journey web: ${message}\n`)
  process.exit(exitCode)
})
