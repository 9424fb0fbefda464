/** One line of the summary: a measured figure, its target and whether it met it. */
export interface Figure {
  section: string
  name: string
  /** A measurement, a finding in words (e.g. an explain's plan), or null when none was made. */
  value: number | string | null
  unit: string
  /** e.g. `<= 50 ms`; absent for figures reported for context only. */
  target?: string
  /** true/false against the target; null when there is no target or no value. */
  pass: boolean | null
  note?: string
}

/** A figure with an upper-bound target (lower is better). */
export function atMost(
  section: string,
  name: string,
  value: number | null,
  unit: string,
  limit: number,
  note?: string
): Figure {
  return withNote(
    {
      section,
      name,
      value,
      unit,
      target: `<= ${limit} ${unit}`,
      pass: value === null ? null : value <= limit
    },
    note
  )
}

/** A figure with a lower-bound target (higher is better). */
export function atLeast(
  section: string,
  name: string,
  value: number | null,
  unit: string,
  limit: number,
  note?: string
): Figure {
  return withNote(
    {
      section,
      name,
      value,
      unit,
      target: `>= ${limit.toLocaleString('en-US')} ${unit}`,
      pass: value === null ? null : value >= limit
    },
    note
  )
}

/** A figure reported for context, without a target. */
export function info(
  section: string,
  name: string,
  value: number | string | null,
  unit: string,
  note?: string
): Figure {
  return withNote({ section, name, value, unit, pass: null }, note)
}

function withNote(figure: Figure, note: string | undefined): Figure {
  return note === undefined ? figure : { ...figure, note }
}

/** What each section hands back: its detailed data for the JSON report and its summary lines. */
export interface SectionResult {
  data: Record<string, unknown>
  figures: Figure[]
}
