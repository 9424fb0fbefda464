import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import type { SaveDialog } from '../services/export/save-dialog'

/** Exports are saved where Electron's native save dialog says (Downloads by default). */
export class ElectronSaveDialog implements SaveDialog {
  async chooseCsvPath(suggestedName: string): Promise<string | null> {
    const options: Electron.SaveDialogOptions = {
      title: 'Export as CSV',
      defaultPath: join(app.getPath('downloads'), suggestedName),
      buttonLabel: 'Export',
      filters: [
        { name: 'CSV (comma-separated values)', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] }
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation']
    }
    const window = BrowserWindow.getFocusedWindow()
    const { canceled, filePath } = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options)
    if (canceled || !filePath) return null
    return /\.csv$/i.test(filePath) ? filePath : `${filePath}.csv`
  }
}
