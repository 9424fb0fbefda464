import {
  catalogueLists,
  countDevice,
  hasPagePrefix,
  type CatalogueLists
} from '../rules/catalogue-lists'

/** Counts the catalogue from documents fed one at a time (the reducer strategy's finds). */
export class CatalogueAccumulator {
  private readonly eventTypes = new Map<string, number>()
  private readonly pages = new Map<string, number>()
  private readonly browsers = new Map<string, number>()
  private readonly operatingSystems = new Map<string, number>()

  constructor(
    private readonly pagePrefix: string | undefined,
    private readonly pageViewType: string
  ) {}

  /** One event's `eventType` and raw `metadata.pageUrl`. */
  addEvent(eventType: unknown, pageUrl: unknown): void {
    if (typeof eventType !== 'string') return
    this.eventTypes.set(eventType, (this.eventTypes.get(eventType) ?? 0) + 1)
    if (
      eventType === this.pageViewType &&
      typeof pageUrl === 'string' &&
      hasPagePrefix(pageUrl, this.pagePrefix)
    ) {
      this.pages.set(pageUrl, (this.pages.get(pageUrl) ?? 0) + 1)
    }
  }

  /** One session's raw `deviceInfo`. */
  addSession(deviceInfo: unknown): void {
    countDevice(this.browsers, this.operatingSystems, deviceInfo)
  }

  result(): CatalogueLists {
    const { eventTypes, pages, browsers, operatingSystems } = this
    return catalogueLists({ eventTypes, pages, browsers, operatingSystems })
  }
}
