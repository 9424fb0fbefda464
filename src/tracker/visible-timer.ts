/** Time a page has been visible: runs while the page is shown, stops while it is hidden. */
export class VisibleTimer {
  private visibleMs = 0
  private since: number | null

  constructor(
    private readonly now: () => number,
    visible: boolean
  ) {
    this.since = visible ? now() : null
  }

  pause(): void {
    if (this.since === null) return
    this.visibleMs += Math.max(0, this.now() - this.since)
    this.since = null
  }

  resume(): void {
    this.since ??= this.now()
  }

  seconds(): number {
    const running = this.since === null ? 0 : Math.max(0, this.now() - this.since)
    return Math.round(this.visibleMs + running) / 1000
  }
}
