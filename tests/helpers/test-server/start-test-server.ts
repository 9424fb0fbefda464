import { findOnPath } from './find-on-path'
import { probeServer } from './probe-server'
import { startFerretdb } from './start-ferretdb'
import { startMemoryServer } from './start-memory-server'
import { startMongod } from './start-mongod'
import type { RunningTestServer, TestServerKind } from './test-server-info'

const EXISTING_SERVER_TIMEOUT_MS = 10_000

export const HOW_TO_GET_A_TEST_SERVER = [
  'Integration and end-to-end tests need a MongoDB-wire server. Any one of these works:',
  '  - set MONGODB_URI to a server you can write to (e.g. MONGODB_URI=mongodb://127.0.0.1:27017/),',
  '  - install mongod and put it on PATH,',
  '  - install Go (https://go.dev/dl/) so FerretDB can be built once into the cache',
  '    (~/.cache/journey-workbench, or $JOURNEY_CACHE_DIR).'
].join('\n')

export class NoTestServerError extends Error {
  constructor(attempts: string[]) {
    super(
      `No MongoDB-wire server for the tests.\n${attempts.join('\n')}\n\n${HOW_TO_GET_A_TEST_SERVER}`
    )
    this.name = 'NoTestServerError'
  }
}

/**
 * Finds a server in this order: MONGODB_URI, mongod on PATH, FerretDB (cached or built with Go),
 * mongodb-memory-server. An explicit MONGODB_URI that does not answer is an error, not a fallback.
 */
export async function startTestServer(
  log: (line: string) => void = () => undefined
): Promise<RunningTestServer> {
  const explicitUri = process.env.MONGODB_URI
  if (explicitUri) return useExistingServer(explicitUri)

  const attempts: string[] = ['  - MONGODB_URI: not set']
  const candidates: [TestServerKind, () => Promise<RunningTestServer>][] = [
    ['mongod', startMongodOnPath],
    ['ferretdb', () => startFerretdb(log)],
    ['mongodb-memory-server', startMemoryServer]
  ]
  for (const [kind, start] of candidates) {
    try {
      return await start()
    } catch (error) {
      attempts.push(`  - ${kind}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  throw new NoTestServerError(attempts)
}

async function useExistingServer(uri: string): Promise<RunningTestServer> {
  try {
    const identity = await probeServer(uri, EXISTING_SERVER_TIMEOUT_MS)
    return { info: { kind: 'MONGODB_URI', uri, ...identity }, stop: () => Promise.resolve() }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new NoTestServerError([
      `  - MONGODB_URI is set but the server does not answer: ${reason}`
    ])
  }
}

function startMongodOnPath(): Promise<RunningTestServer> {
  const mongod = findOnPath('mongod')
  if (!mongod) return Promise.reject(new Error('not on PATH'))
  return startMongod(mongod)
}
