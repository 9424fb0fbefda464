import { randomUUID } from 'node:crypto'
import {
  MAX_SAVED_FUNNELS_PER_SOURCE,
  type FunnelsContract,
  type SavedFunnel,
  type SavedFunnelList
} from '../../../shared/contracts/funnels-contract'
import { AppError } from '../../../shared/errors'
import type { FunnelDefinition } from '../../../shared/funnels/funnel-definition'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { ServiceImplementation } from '../../../shared/rpc/contract'
import { savedFunnelSourceKey } from './saved-funnel-source-key'
import {
  parseSavedFunnelsDocument,
  type SavedFunnelsDocument,
  type StoredFunnel
} from './saved-funnels-document'
import type { SavedFunnelsRepository } from './saved-funnels-repository'

export interface SavedFunnelsServiceOptions {
  repository: SavedFunnelsRepository
  now?: () => Date
  newId?: () => string
}

/**
 * Funnel definitions saved per source: list, save, rename, remove. Calls run one at a time, so two
 * saves never lose each other's work. A damaged store is backed up, what could be read is kept,
 * and `list` says what happened.
 */
export class SavedFunnelsService implements ServiceImplementation<FunnelsContract> {
  private tail: Promise<unknown> = Promise.resolve()
  private readonly notices: string[] = []
  private readonly now: () => Date
  private readonly newId: () => string

  constructor(private readonly options: SavedFunnelsServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.newId = options.newId ?? randomUUID
  }

  /** The source's saved funnels by name, and any notice about a damaged store. */
  list(input: { source: DataSource }): Promise<SavedFunnelList> {
    return this.exclusive(async () => {
      const key = savedFunnelSourceKey(input.source)
      const funnels = (await this.load()).filter((f) => f.sourceKey === key)
      return { funnels: sortByName(funnels).map(toSavedFunnel), notices: [...this.notices] }
    })
  }

  /** A new saved funnel, or (with `id`) a new name and definition for an existing one. */
  save(input: {
    source: DataSource
    id?: string | undefined
    name: string
    definition: FunnelDefinition
  }): Promise<SavedFunnel> {
    return this.exclusive(async () => {
      const key = savedFunnelSourceKey(input.source)
      const all = await this.load()
      const mine = all.filter((f) => f.sourceKey === key)
      refuseTakenName(mine, input.name, input.id)
      const at = this.now().toISOString()
      let saved: StoredFunnel
      if (input.id === undefined) {
        if (mine.length >= MAX_SAVED_FUNNELS_PER_SOURCE) {
          throw new AppError(
            'INVALID_INPUT',
            `This source already has ${String(MAX_SAVED_FUNNELS_PER_SOURCE)} saved funnels; delete some first`
          )
        }
        saved = {
          id: this.newId(),
          sourceKey: key,
          name: input.name,
          definition: input.definition,
          createdAt: at,
          updatedAt: at
        }
        all.push(saved)
      } else {
        const existing = findOwn(mine, input.id)
        saved = { ...existing, name: input.name, definition: input.definition, updatedAt: at }
        all[all.indexOf(existing)] = saved
      }
      await this.store(all)
      return toSavedFunnel(saved)
    })
  }

  /** Gives a saved funnel a new name. */
  rename(input: { source: DataSource; id: string; name: string }): Promise<SavedFunnel> {
    return this.exclusive(async () => {
      const key = savedFunnelSourceKey(input.source)
      const all = await this.load()
      const mine = all.filter((f) => f.sourceKey === key)
      const existing = findOwn(mine, input.id)
      refuseTakenName(mine, input.name, input.id)
      const renamed = { ...existing, name: input.name, updatedAt: this.now().toISOString() }
      all[all.indexOf(existing)] = renamed
      await this.store(all)
      return toSavedFunnel(renamed)
    })
  }

  /** Deletes a saved funnel; `removed: false` when it was already gone. */
  remove(input: { source: DataSource; id: string }): Promise<{ removed: boolean }> {
    return this.exclusive(async () => {
      const key = savedFunnelSourceKey(input.source)
      const all = await this.load()
      const remaining = all.filter((f) => !(f.sourceKey === key && f.id === input.id))
      if (remaining.length === all.length) return { removed: false }
      await this.store(remaining)
      return { removed: true }
    })
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work)
    this.tail = run.catch(() => undefined)
    return run
  }

  /** Every saved funnel; a damaged store is backed up and rewritten with what could be read. */
  private async load(): Promise<StoredFunnel[]> {
    const read = await this.options.repository.read()
    if (read.kind === 'missing') return []
    if (read.kind === 'unreadable') {
      const backup = await this.options.repository.keepBackup()
      await this.store([])
      this.notices.push(
        `The saved funnels could not be read (the file is not valid JSON: ${read.reason}). ` +
          `It was kept as ${backup}; saved funnels start afresh.`
      )
      return []
    }
    const { funnels, problems } = parseSavedFunnelsDocument(read.value)
    if (problems.length > 0) {
      const backup = await this.options.repository.keepBackup()
      await this.store(funnels)
      const kept =
        funnels.length === 1 ? '1 saved funnel was' : `${String(funnels.length)} saved funnels were`
      this.notices.push(
        `Some saved funnels could not be read and were set aside: ${problems.join('; ')}. ` +
          `${kept} kept. The file as it was is kept as ${backup}.`
      )
    }
    return funnels
  }

  private store(funnels: StoredFunnel[]): Promise<void> {
    const document: SavedFunnelsDocument = { version: 1, funnels }
    return this.options.repository.write(document)
  }
}

function findOwn(mine: StoredFunnel[], id: string): StoredFunnel {
  const found = mine.find((f) => f.id === id)
  if (!found) {
    throw new AppError('NOT_FOUND', 'That saved funnel no longer exists; it may have been deleted')
  }
  return found
}

function refuseTakenName(mine: StoredFunnel[], name: string, ownId: string | undefined): void {
  const folded = name.toLocaleLowerCase()
  const clash = mine.find((f) => f.id !== ownId && f.name.toLocaleLowerCase() === folded)
  if (clash) {
    throw new AppError('INVALID_INPUT', `A saved funnel named "${clash.name}" already exists`)
  }
}

// A fixed locale, so the order does not depend on the machine; numeric, so "Funnel 10" follows "9".
const NAME_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

function sortByName(funnels: StoredFunnel[]): StoredFunnel[] {
  return [...funnels].sort(
    (a, b) => NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

function toSavedFunnel(stored: StoredFunnel): SavedFunnel {
  return {
    id: stored.id,
    name: stored.name,
    definition: stored.definition,
    createdAt: new Date(stored.createdAt),
    updatedAt: new Date(stored.updatedAt)
  }
}
