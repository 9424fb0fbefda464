import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { spawnFerretdb, sqliteDataDir } from './test-server/ferretdb-process'
import { makeScratchDir } from './test-server/scratch-dir'

export interface SecuredFerretdb {
  /** Plain TCP listener that requires SCRAM authentication. */
  authUri(user: string, password: string): string
  /** TLS listener with a self-signed certificate no client trusts. */
  tlsUri: string
  user: string
  password: string
  stop(): Promise<void>
}

/**
 * A FerretDB of its own with authentication on and a TLS listener, so that bad credentials and TLS
 * failures are produced by a real server rather than imitated.
 */
export async function startSecuredFerretdb(): Promise<SecuredFerretdb> {
  const home = await makeScratchDir('secured-ferretdb')
  const cert = join(home, 'cert.pem')
  const key = join(home, 'key.pem')
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    '/CN=localhost'
  ])
  const user = 'analyst'
  const password = 'correct-horse'
  // SQLite: authentication is set up by FerretDB itself there, with no database roles to prepare.
  const ferretdb = await spawnFerretdb({
    backend: { handler: 'sqlite', dir: sqliteDataDir(home) },
    home,
    extraArgs: [
      '--listen-tls=127.0.0.1:0',
      `--listen-tls-cert-file=${cert}`,
      `--listen-tls-key-file=${key}`,
      '--test-enable-new-auth',
      `--setup-username=${user}`,
      `--setup-password=${password}`,
      '--setup-database=shop'
    ],
    alsoWaitFor: [/Listening on TLS (127\.0\.0\.1:\d+)/],
    label: 'FerretDB (auth + TLS)'
  })
  const tcp = `127.0.0.1:${String(ferretdb.port)}`
  const tls = ferretdb.server.otherMatches[0]?.[1]
  if (!tls) {
    await ferretdb.stop()
    throw new Error(`FerretDB did not say where it listens:\n${ferretdb.server.recentOutput()}`)
  }
  return {
    user,
    password,
    authUri: (u, p) =>
      `mongodb://${encodeURIComponent(u)}:${encodeURIComponent(p)}@${tcp}/shop?authSource=shop`,
    tlsUri: `mongodb://${tls}/shop?tls=true`,
    stop: async () => {
      await ferretdb.stop()
      await rm(home, { recursive: true, force: true })
    }
  }
}
