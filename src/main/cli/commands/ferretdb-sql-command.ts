import { databaseNameSchema } from '../../../shared/journeys/data-source'
import { ferretdbPostgresqlIndexSql } from '../../data/ferretdb/postgresql-equality-indexes'
import { CliInputError } from '../cli-input-error'
import { parseCommandLine } from '../parse-args'
import { rejectPositionals, type CliCommand } from './command'

const OPTIONS = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

export const ferretdbSqlCommand: CliCommand = {
  usage: `journey ferretdb-sql --db <name>
  --db <name>                the FerretDB database (loaded with journey load)
Prints SQL that adds PostgreSQL GIN indexes to the tables FerretDB 1.x keeps a database in,
so its equality finds (a customer's user, sessions and events) stop reading whole tables.
Run it as a PostgreSQL user allowed to create indexes on those tables, once per database
(again after a collection is dropped and loaded):
  journey ferretdb-sql --db shop | psql "postgres://ferretdb@pg-host/ferretdb"
then restart FerretDB: its open connections keep the plans they made without the indexes.`,

  run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    if (values.db === undefined) throw new CliInputError('ferretdb-sql needs --db <name>')
    const database = databaseNameSchema.safeParse(values.db)
    if (!database.success) {
      throw new CliInputError(
        `--db ${JSON.stringify(values.db)}: ${database.error.issues[0]?.message ?? 'not a database name'}`
      )
    }
    context.io.stdout.write(`${ferretdbPostgresqlIndexSql(database.data)}\n`)
    return Promise.resolve()
  }
}
