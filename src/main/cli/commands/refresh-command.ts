import { resolve } from 'node:path'
import { refreshFromServer } from '../../workspace/server-workspace'
import { CliInputError } from '../cli-input-error'
import { parseCommandLine } from '../parse-args'
import { rejectPositionals, type CliCommand } from './command'

const OPTIONS = {
  uri: { type: 'string' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export const refreshCommand: CliCommand = {
  usage: `journey refresh <folder> [--uri <uri>]
  <folder>                   a workspace made by journey extract
  --uri <uri>                the server's connection string, needed again when it has a password
                             (passwords are not kept in the workspace)
  --progress                 progress on stderr even when it is not a terminal

Reads the events after the workspace's last one (by timestamp, then _id), and again the sessions
and users they belong to, the sessions that may still have been open, and for a whole-database
workspace the sessions and users created since; see docs/workspaces.md.`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals, 1)
    context.enableProgress(values.progress)
    const folder = positionals[0]
    if (folder === undefined)
      throw new CliInputError('refresh needs a folder: journey refresh <folder>')
    const result = await refreshFromServer(resolve(folder), values.uri, context.callContext)
    context.writeResult(
      {
        folder: resolve(folder),
        newEvents: result.newEvents,
        sessionsRead: result.sessions,
        usersRead: result.users,
        counts: result.manifest.counts,
        highWater: result.highWater,
        seconds: Math.round(result.ms / 100) / 10,
        stepsMs: {
          ...result.stepsMs,
          cache: result.cache ? Math.round(result.cache.openMs + result.cache.writeMs) : null
        },
        cache: result.cache
          ? { path: result.cache.cachePath, bytes: result.cache.cacheBytes }
          : null
      },
      'json'
    )
  }
}
