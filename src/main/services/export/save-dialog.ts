/** Where the desktop app asks the person to choose a file (Electron's native save dialog). */
export interface SaveDialog {
  /** The chosen path (ending in `.csv`), or null when the dialog was closed without choosing. */
  chooseCsvPath(suggestedName: string): Promise<string | null>
}
