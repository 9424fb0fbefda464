/**
 * A field that FerretDB's PostgreSQL backend looks up by plain equality in the app's finds:
 * a case file's user (`_id`), sessions and events (`userId`), and a session's events (`sessionId`).
 */
export interface EqualityField {
  collection: 'users' | 'sessions' | 'events'
  field: string
}

export const FERRETDB_EQUALITY_FIELDS: readonly EqualityField[] = [
  { collection: 'users', field: '_id' },
  { collection: 'sessions', field: 'userId' },
  { collection: 'events', field: 'userId' },
  { collection: 'events', field: 'sessionId' }
]

/**
 * SQL for `psql` that gives FerretDB 1.x on PostgreSQL indexes its equality finds can use.
 *
 * FerretDB pushes `{field: value}` down as `_jsonb->'field' @> value`, while the indexes it makes
 * for `createIndexes` are btree indexes on `_jsonb->'field'`, which PostgreSQL cannot use for
 * `@>`: every such find reads the whole table (about 0.3 s at 267k events under load). A GIN index
 * on the same expression serves `@>` (well under a millisecond). FerretDB cannot create one, so a
 * database administrator runs this once per database (again after a collection is re-created).
 * FerretDB's open PostgreSQL connections keep the plans they made for its prepared statements
 * before the indexes existed (a generic plan, a table scan), so FerretDB is to be restarted after
 * (its pool renews connections within an hour otherwise); new connections use the indexes.
 * Each statement finds the collection's table in FerretDB's metadata table and skips (with a
 * NOTICE) a database or collection that does not exist; `IF NOT EXISTS` makes it safe to run twice.
 */
export function ferretdbPostgresqlIndexSql(
  database: string,
  fields: readonly EqualityField[] = FERRETDB_EQUALITY_FIELDS
): string {
  const statements = fields.map(
    ({ collection, field }) => `DO $journey$
DECLARE
  tbl text;
BEGIN
  IF to_regclass(format('%I._ferretdb_database_metadata', ${literal(database)})) IS NULL THEN
    RAISE NOTICE 'journey: no FerretDB database % here', ${literal(database)};
    RETURN;
  END IF;
  EXECUTE format('SELECT _jsonb->>''table'' FROM %I._ferretdb_database_metadata WHERE _jsonb->>''_id'' = %L', ${literal(database)}, ${literal(collection)}) INTO tbl;
  IF tbl IS NULL THEN
    RAISE NOTICE 'journey: no collection % in database %', ${literal(collection)}, ${literal(database)};
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->%L) jsonb_path_ops)', left(tbl, 40) || ${literal(`_${indexSuffix(field)}_journey_gin`)}, ${literal(database)}, tbl, ${literal(field)});
END
$journey$;`
  )
  return [
    `-- Journey Workbench: indexes FerretDB's equality finds can use, database ${JSON.stringify(database)}.`,
    `-- Restart FerretDB afterwards: its open connections keep the plans they made without them.`,
    ...statements,
    `ANALYZE;`
  ].join('\n')
}

/** A SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function indexSuffix(field: string): string {
  return field.toLowerCase().replace(/[^a-z0-9]+/g, '')
}
