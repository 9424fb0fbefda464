import { BrowserWindow, session } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../security'
import { hardenWebContents } from './harden-web-contents'

/** The one app window, locked down by security.ts; returns it and the URL its page is served from. */
export function createMainWindow(bundleDir: string): { window: BrowserWindow; entryUrl: string } {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  })
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Journey Workbench',
    webPreferences: secureWebPreferences(join(bundleDir, '../preload/index.cjs'))
  })
  const devServer = process.env.ELECTRON_RENDERER_URL
  const entryUrl = devServer ?? `file://${join(bundleDir, '../renderer/index.html')}`
  hardenWebContents(window.webContents, entryUrl)
  window.once('ready-to-show', () => {
    window.show()
  })
  if (devServer) void window.loadURL(devServer)
  else void window.loadFile(join(bundleDir, '../renderer/index.html'))
  return { window, entryUrl }
}
