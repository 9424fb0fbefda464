import type { RunningTestServer } from './test-server-info'
import { probeServer } from './probe-server'

const REACHABILITY_TIMEOUT_MS = 5_000
/** Covers a real download of mongod (about 100 MB) on a normal connection. */
const START_TIMEOUT_MS = 180_000

/**
 * mongodb-memory-server, the last resort: it downloads a mongod, so where the download host cannot be
 * reached we give up within seconds instead of waiting for its retries.
 */
export async function startMemoryServer(): Promise<RunningTestServer> {
  const { MongoMemoryServer, DryMongoBinary } = await import('mongodb-memory-server-core')
  const cached = await DryMongoBinary.locateBinary(DryMongoBinary.getEnsuredOptions())
  if (!cached) await assertDownloadHostReachable()

  const starting = MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } })
  const server = await withTimeout(
    starting,
    START_TIMEOUT_MS,
    'mongodb-memory-server did not start'
  ).catch((error: unknown) => {
    // If it starts after all, do not leave it running.
    starting.then((late) => late.stop({ doCleanup: true, force: true })).catch(() => undefined)
    throw error
  })
  const stop = async (): Promise<void> => {
    await server.stop({ doCleanup: true, force: true })
  }
  const uri = server.getUri()
  try {
    const identity = await probeServer(uri, 30_000)
    return { info: { kind: 'mongodb-memory-server', uri, ...identity }, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function assertDownloadHostReachable(): Promise<void> {
  const url =
    process.env.MONGOMS_DOWNLOAD_URL ??
    process.env.MONGOMS_DOWNLOAD_MIRROR ??
    'https://fastdl.mongodb.org/'
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) })
  } catch (error) {
    const reason = error instanceof Error ? (causeOf(error) ?? error.message) : String(error)
    throw new Error(
      `it would download mongod from ${new URL(url).host}, which is unreachable (${reason})`
    )
  }
}

function causeOf(error: Error): string | undefined {
  const cause = error.cause
  return cause instanceof Error ? cause.message : undefined
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${message} within ${String(ms)} ms`))
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
