import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { rendererBuildFolder } from '../app-paths'
import type { ComposedServices } from '../compose-services'
import { describeStartFailure, StartInputError } from './describe-start-failure'
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
  const openedFolders = values.folder.map((folder) => resolve(folder))
  let services: ComposedServices | null = null
  const bridge = await startWebBridge({
    // Loaded apart, when the bridge says, so that neither the address nor the page waits for them.
    backend: async () => {
      try {
        const { composeWebServices } = await import('./web-services')
        services = composeWebServices(dataDir, openedFolders)
        return { router: services.router, downloads: services.exports }
      } catch (error) {
        return exitWithStartFailure(error)
      }
    },
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
      .then(() => services?.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function exitWithStartFailure(error: unknown): never {
  const { message, exitCode } = describeStartFailure(error)
  process.stderr.write(`journey web: ${message}\n`)
  process.exit(exitCode)
}

main().catch(exitWithStartFailure)
