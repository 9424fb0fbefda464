import { resolve } from 'node:path'
import { AppError } from '../../shared/errors'

/**
 * Refuses a folder the user did not open in the app, before anything is read from it, with the
 * same answer whether it exists or not, so a page cannot learn which folders exist or what they
 * hold. `opened` undefined: any folder (the command line and tests, where the person at the
 * keyboard names it). Paths compare after resolving (`a/../a` is `a`); a folder inside an opened
 * one is not opened.
 */
export function assertFolderOpened(opened: readonly string[] | undefined, path: string): void {
  if (opened === undefined || opened.some((folder) => resolve(folder) === resolve(path))) return
  throw new AppError(
    'FORBIDDEN',
    `The folder ${path} was not opened in this app, so it is not read. Open it when starting the web mode (npm run web -- --folder <path>), or use the journey command line.`
  )
}
