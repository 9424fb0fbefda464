import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureFerretdbBinary } from './test-server/ferretdb-binary'
import { spawnUntilReady } from './test-server/spawn-until-ready'

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
  const binary = await ensureFerretdbBinary(() => undefined)
  const home = await mkdtemp(join(tmpdir(), 'journey-secured-ferretdb-'))
  await mkdir(join(home, 'data'))
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
  const server = await spawnUntilReady({
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${join(home, 'data')}/`,
      '--listen-addr=127.0.0.1:0',
      '--listen-tls=127.0.0.1:0',
      `--listen-tls-cert-file=${cert}`,
      `--listen-tls-key-file=${key}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${home}`,
      '--test-enable-new-auth',
      `--setup-username=${user}`,
      `--setup-password=${password}`,
      '--setup-database=shop',
      '--log-level=info'
    ],
    cwd: home,
    label: 'FerretDB (auth + TLS)',
    readyLine: /Listening on TLS (127\.0\.0\.1:\d+)/,
    timeoutMs: 30_000
  })
  const tcp = /Listening on TCP (127\.0\.0\.1:\d+)/.exec(server.recentOutput())?.[1]
  const tls = server.match[1]
  if (!tcp || !tls) {
    await server.stop()
    throw new Error(`FerretDB did not say where it listens:\n${server.recentOutput()}`)
  }
  return {
    user,
    password,
    authUri: (u, p) =>
      `mongodb://${encodeURIComponent(u)}:${encodeURIComponent(p)}@${tcp}/shop?authSource=shop`,
    tlsUri: `mongodb://${tls}/shop?tls=true`,
    stop: async () => {
      await server.stop()
      await rm(home, { recursive: true, force: true })
    }
  }
}
