import { describe, expect, it } from 'vitest'
import { ferretdbPostgresqlIndexSql } from '../../../src/main/data/ferretdb/postgresql-equality-indexes'

describe('ferretdbPostgresqlIndexSql', () => {
  it('keeps a database name inside its comment and its string literals', () => {
    const sql = ferretdbPostgresqlIndexSql("shop\nDROP TABLE x; -- o'neil")
    const lines = sql.split('\n')
    // The comment ends on its own line: the next line is the second comment, not the name's rest.
    expect(lines[1]?.startsWith('-- Restart FerretDB')).toBe(true)
    expect(lines[0]).toBe(
      `-- Journey Workbench: indexes FerretDB's equality finds can use, database "shop\\nDROP TABLE x; -- o'neil".`
    )
    expect(sql).toContain(`'shop\nDROP TABLE x; -- o''neil'`)
  })

  it('writes one DO block per equality field and ends with ANALYZE', () => {
    const sql = ferretdbPostgresqlIndexSql('shop')
    expect(sql.match(/^DO \$journey\$$/gm)).toHaveLength(4)
    expect(sql.trimEnd().endsWith('ANALYZE;')).toBe(true)
  })
})
