import { app, BrowserWindow } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { demoWorkspaceFolder } from './app-paths'
import { composeServices } from './compose-services'
import { JsonFileConnectionRepository } from './services/connections/json-file-repository'
import { chooseSecretBox } from './shell/safe-storage-secret-box'
import { createMainWindow } from './shell/create-main-window'
import { ElectronSaveDialog } from './shell/electron-save-dialog'
import { ElectronStoreSavedFunnelsRepository } from './shell/electron-store-saved-funnels-repository'
import { registerIpcTransport } from './shell/ipc-transport'

const bundleDir = dirname(fileURLToPath(import.meta.url))

app.enableSandbox()
// Tests and portable installs keep their settings apart with --user-data-dir=<folder>.
const USER_DATA_FLAG = '--user-data-dir='
const userDataDir = process.argv
  .find((arg) => arg.startsWith(USER_DATA_FLAG))
  ?.slice(USER_DATA_FLAG.length)
if (userDataDir) app.setPath('userData', userDataDir)
if (!app.requestSingleInstanceLock()) app.quit()

void app.whenReady().then(async () => {
  const services = composeServices({
    // The file electron-store kept (same name, place and format), now with a backup and repair.
    repository: new JsonFileConnectionRepository(join(app.getPath('userData'), 'connections.json')),
    secrets: await chooseSecretBox(),
    savedFunnels: new ElectronStoreSavedFunnelsRepository(),
    saveDialog: new ElectronSaveDialog(),
    demoFolder: demoWorkspaceFolder(app.isPackaged ? process.resourcesPath : undefined),
    workspacesFolder: join(app.getPath('userData'), 'workspaces')
  })
  let entryUrl = ''
  const unregister = registerIpcTransport(services.router, () => entryUrl)
  const open = () => {
    entryUrl = createMainWindow(bundleDir).entryUrl
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
  app.on('second-instance', () => {
    BrowserWindow.getAllWindows()[0]?.focus()
  })
  app.on('window-all-closed', () => {
    services.router.cancelAll()
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    unregister()
    void services.close()
  })
})
