import { mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { findElectron } from '../support/find-electron'
import { REPO_ROOT } from '../support/repo-root'

const MAIN_BUNDLE = join(REPO_ROOT, 'out', 'main', 'index.js')

test('the desktop app opens on the Connections screen', async () => {
  const binary = findElectron()
  if (binary.path === null) {
    const reason = `Electron e2e skipped: ${binary.reason}`
    console.log(reason)
    test.skip(true, reason)
    return
  }
  expect(existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run npm run build first`).toBe(true)

  const userDataDir = await mkdtemp(join(tmpdir(), 'journey-electron-'))
  const app = await electron.launch({
    executablePath: binary.path,
    args: [MAIN_BUNDLE, '--no-sandbox', `--user-data-dir=${userDataDir}`],
    cwd: REPO_ROOT
  })
  try {
    const window = await app.firstWindow()
    await expect(window).toHaveTitle(/Journey Workbench/)
    await expect(window.getByText('Demo workspace').first()).toBeVisible()
  } finally {
    await app.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
})
