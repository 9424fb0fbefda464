const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const DATE_TIME_SECONDS = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium'
})
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })

/** `18 Sep 2025, 08:20` in the user's locale and time zone; `–` for none. */
export function formatDateTime(date: Date | null | undefined): string {
  return date ? DATE_TIME.format(date) : '–'
}

/** With seconds, for event timelines. */
export function formatDateTimeSeconds(date: Date | null | undefined): string {
  return date ? DATE_TIME_SECONDS.format(date) : '–'
}

export function formatDate(date: Date | null | undefined): string {
  return date ? DATE.format(date) : '–'
}

export function formatTime(date: Date | null | undefined): string {
  return date ? TIME.format(date) : '–'
}
