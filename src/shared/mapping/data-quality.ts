/**
 * What `journey doctor` and the Data quality panel report about a source read through its mapping
 * (docs/field-mapping.md, "Data quality"). Counts are exact: every document is read.
 */

/** How a mapped field fares in its collection (or on the events it applies to). */
export interface FieldQuality {
  collection: string
  /** The role (`timestamp`, `pageUrl`, ...) and where it lives in the documents. */
  role: string
  path: string
  /** What the role's values must be: `string`, `number`, `date`, `id`, `object`. */
  expected: string
  /** The documents the role applies to (page views for `pageUrl`, purchases for `amount`). */
  appliesTo: string
  checked: number
  missing: number
  wrongType: number
  /** Required roles break queries when they are missing; optional ones only thin an answer. */
  required: boolean
}

export type FindingKind =
  | 'field-missing-or-mistyped'
  | 'event-without-session'
  | 'event-without-user'
  | 'session-without-events'
  | 'event-outside-session'
  | 'duplicate-event-id'
  | 'timestamp-in-future'
  | 'timestamp-before-2000'
  | 'page-variants'

export interface DataQualityFinding {
  kind: FindingKind
  /** One line for people: what is wrong, in the data's own names. */
  title: string
  /** How many documents (or pages) are affected, out of how many checked. */
  count: number
  outOf: number
  share: number
  /** A few affected ids (event, session or page), as text. */
  examples: string[]
  /** Some of the customers affected, so a screen can open them (at most 20). */
  userIds: string[]
  /** Required-field and integrity faults are errors; the rest are warnings. */
  severity: 'error' | 'warning'
}

export interface DataQualityReport {
  collections: { events: string; sessions: string | null; users: string | null }
  documents: { events: number; sessions: number; users: number }
  fields: FieldQuality[]
  findings: DataQualityFinding[]
  /** When the report was made: "in the future" is measured against it. */
  checkedAt: Date
}
