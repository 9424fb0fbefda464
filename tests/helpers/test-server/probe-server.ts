import { MongoClient } from 'mongodb'
import { redactPassword, type TestServerInfo } from './test-server-info'

export type ServerIdentity = Pick<TestServerInfo, 'version' | 'flavor'>

const RETRY_DELAY_MS = 200

/** Waits until the server answers `ping`, then reads what it is from `buildInfo`. */
export async function probeServer(uri: string, timeoutMs: number): Promise<ServerIdentity> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    const remaining = Math.max(deadline - Date.now(), 500)
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: Math.min(remaining, 5_000),
      connectTimeoutMS: Math.min(remaining, 5_000)
    })
    try {
      const admin = client.db('admin')
      await admin.command({ ping: 1 })
      return identify(await admin.command({ buildInfo: 1 }))
    } catch (error) {
      lastError = error
    } finally {
      await client.close()
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS))
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError)
  throw new Error(
    `no answer to ping from ${redactPassword(uri)} within ${String(timeoutMs)} ms: ${reason}`
  )
}

function identify(buildInfo: Record<string, unknown>): ServerIdentity {
  const ferretdb = buildInfo.ferretdb as { version?: unknown } | undefined
  const ferretVersion = buildInfo.ferretdbVersion ?? ferretdb?.version
  if (typeof ferretVersion === 'string') {
    return { flavor: 'FerretDB', version: ferretVersion.replace(/^v/, '') }
  }
  return { flavor: 'MongoDB', version: String(buildInfo.version) }
}
