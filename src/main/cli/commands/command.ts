import type { CliContext } from '../cli-context'
import { CliInputError } from '../cli-input-error'

/** What a `journey <name>` command does (its name and summary are in command-table.ts). */
export interface CliCommand {
  /** The full usage text shown by `journey <name> --help`. */
  usage: string
  /** The usage for these arguments, when a command has sub-commands with their own options. */
  helpFor?: (args: string[]) => string
  run(args: string[], context: CliContext): Promise<void>
}

/** The source options of every query command, for usage texts. */
export const SOURCE_USAGE = `Data (one of; neither means the bundled demo workspace):
  --data <folder>            NDJSON folder (users/sessions/events .ndjson or .ndjson.gz)
  --uri <uri> --db <name>    a MongoDB server and database
  --mapping FILE.json        read a --data folder or --uri server of another shape through a
                             field mapping (journey map prints one); sessions and users derived
                             when absent
Output:
  --explain                  print the queries for mongosh on stderr
  --progress                 progress on stderr even when it is not a terminal`

/** The source and scope options of funnels, flows and the overview, for usage texts. */
export const SCOPE_USAGE = `${SOURCE_USAGE}
Scope:
  --from <date> --to <date>  from <= timestamp < to: 2025-09-01 (midnight), 2025-09-01T12:00,
                             or with an offset (Z, +02:00); without one, read in --time-zone
  --time-zone <zone>         IANA zone such as Europe/Berlin (default UTC)
  --browser X  --os Y        keep sessions on these (repeatable)
  --meta key=value           keep events whose metadata.key equals value (repeatable;
                             numbers and true/false are typed, "quote" to keep text)`

export function rejectPositionals(positionals: string[], allowed = 0): void {
  const extra = positionals[allowed]
  if (extra !== undefined) throw new CliInputError(`unexpected argument ${extra}`)
}
