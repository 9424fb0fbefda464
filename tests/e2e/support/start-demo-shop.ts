import { spawnUntilReady } from '../../helpers/test-server/spawn-until-ready'
import { REPO_ROOT } from './repo-root'

export interface RunningDemoShop {
  /** The shop's home page. */
  url: string
  /** Stops the shop and its collector (SIGTERM: batches in flight are finished first). */
  stop: () => Promise<void>
}

/** `npm run demo-shop -- --uri … --db …` on free ports, as a person trying the system runs it. */
export async function startDemoShop(uri: string, database: string): Promise<RunningDemoShop> {
  const shop = await spawnUntilReady({
    command: process.execPath,
    args: [
      'scripts/start-demo-shop.mjs',
      '--uri',
      uri,
      '--db',
      database,
      '--port',
      '0',
      '--collector-port',
      '0'
    ],
    cwd: REPO_ROOT,
    label: 'demo shop',
    readyLine: /^Demo shop: (http:\/\/\S+)/,
    timeoutMs: 60_000
  })
  return { url: shop.match[1] ?? '', stop: shop.stop }
}
