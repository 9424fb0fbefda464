import type { CliCommand } from './commands/command'

/** One `journey <name>` command: listed with its summary, its code loaded only when it runs. */
export interface CommandEntry {
  name: string
  /** One line for the command list. */
  summary: string
  load: () => Promise<CliCommand>
}

/**
 * Every command, in the order `journey --help` lists them. A command's module (and what it
 * imports: the driver, the services, the export writers) is loaded only when that command runs,
 * so `journey overview --data` does not pay for `extract` or `export` at start-up.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'generate',
    summary: 'write a simulated shop as users/sessions/events NDJSON files',
    load: async () => (await import('./commands/generate-command')).generateCommand
  },
  {
    name: 'load',
    summary: 'bulk-insert an NDJSON folder into MongoDB and create the recommended indexes',
    load: async () => (await import('./commands/load-command')).loadCommand
  },
  {
    name: 'extract',
    summary: 'copy a database (or a date range of events) into a workspace folder to work offline',
    load: async () => (await import('./commands/extract-command')).extractCommand
  },
  {
    name: 'refresh',
    summary:
      'bring a workspace made by extract up to date (new events, the sessions and users they touch)',
    load: async () => (await import('./commands/refresh-command')).refreshCommand
  },
  {
    name: 'search',
    summary: 'customers by exact id or email, or a prefix of name or email',
    load: async () => (await import('./commands/search-command')).searchCommand
  },
  {
    name: 'customer',
    summary: "one customer's case file: totals, sessions with events, journey graph",
    load: async () => (await import('./commands/customer-command')).customerCommand
  },
  {
    name: 'funnel',
    summary: 'users per funnel step, conversions and median times',
    load: async () => (await import('./commands/funnel-command')).funnelCommand
  },
  {
    name: 'flows',
    summary: 'page flows from a page or to a page, step by step',
    load: async () => (await import('./commands/flows-command')).flowsCommand
  },
  {
    name: 'flow-users',
    summary: 'the users (and their sessions) behind one node or edge of a flow',
    load: async () => (await import('./commands/flow-users-command')).flowUsersCommand
  },
  {
    name: 'overview',
    summary: 'users, sessions, page views, purchases and revenue per day; top pages; devices',
    load: async () => (await import('./commands/overview-command')).overviewCommand
  },
  {
    name: 'catalogue',
    summary: 'event types, pages, browsers and operating systems with counts (for pickers)',
    load: async () => (await import('./commands/catalogue-command')).catalogueCommand
  },
  {
    name: 'map',
    summary: 'propose a field mapping by sampling the data (JSON for --mapping)',
    load: async () => (await import('./commands/map-command')).mapCommand
  },
  {
    name: 'doctor',
    summary: 'data-quality report: missing fields, broken links, duplicates, odd times and pages',
    load: async () => (await import('./commands/doctor-command')).doctorCommand
  },
  {
    name: 'ferretdb-sql',
    summary: 'SQL for psql: indexes FerretDB on PostgreSQL can use for case files',
    load: async () => (await import('./commands/ferretdb-sql-command')).ferretdbSqlCommand
  },
  {
    name: 'export',
    summary: 'CSV of a case file, funnel users, flows, search, overview or a raw collection',
    load: async () => (await import('./commands/export-command')).exportCommand
  }
]
