import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import { defaultDatabaseFor } from './describe-source'

export interface DatabaseChoice {
  /** What the user typed: the field's value, never rewritten behind their back. */
  typed: string
  setTyped: (value: string) => void
  /** The database an empty field stands for (shown as the placeholder); null while unknown. */
  suggestion: string | null
  /** The database to open: what was typed, else the suggestion; '' when there is neither. */
  chosen: string
}

/** The database an empty field stands for: what was typed wins, else the connection's default. */
export function chosenDatabase(typed: string, suggestion: string | null): string {
  return typed.trim() || (suggestion ?? '')
}

/**
 * The database field of a connection. The suggestion (the URI's database, else the server's first
 * user database) is a placeholder, not a value written into the field once the server answers:
 * written in, it raced with typing (the answer landed between a select-all and the typed text,
 * which then ran on after it) and came back each time the user cleared the field.
 */
export function useDatabaseChoice(
  connection: ConnectionSummary | undefined,
  databases: readonly string[] | null,
  initial = ''
): DatabaseChoice {
  const [typed, setTyped] = useState(initial)
  const suggestion = connection ? defaultDatabaseFor(connection, databases) : null
  return { typed, setTyped, suggestion, chosen: chosenDatabase(typed, suggestion) }
}
