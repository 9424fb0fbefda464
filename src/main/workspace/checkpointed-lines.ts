import { open, type FileHandle } from 'node:fs/promises'

const FLUSH_CHARS = 1 << 20

/**
 * An NDJSON file written line by line, resumable: it opens keeping only the first `keepBytes`
 * (what the last checkpoint made durable; anything after it is a half-done write and is cut),
 * and `checkpoint()` makes everything written so far durable and returns its length.
 */
export class CheckpointedLines {
  private pending: string[] = []
  private pendingChars = 0
  lines = 0

  private constructor(
    private readonly file: FileHandle,
    private position: number
  ) {}

  static async open(path: string, keepBytes = 0): Promise<CheckpointedLines> {
    const file = await open(path, 'a+')
    try {
      await file.truncate(keepBytes)
      return new CheckpointedLines(file, keepBytes)
    } catch (error) {
      await file.close()
      throw error
    }
  }

  /** Bytes written so far (durable after the next checkpoint). */
  get bytes(): number {
    return this.position + Buffer.byteLength(this.pending.join(''))
  }

  async write(line: string): Promise<void> {
    this.pending.push(line, '\n')
    this.pendingChars += line.length + 1
    this.lines++
    if (this.pendingChars >= FLUSH_CHARS) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const bytes = Buffer.from(this.pending.join(''))
    this.pending = []
    this.pendingChars = 0
    let done = 0
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(
        bytes,
        done,
        bytes.length - done,
        this.position
      )
      done += bytesWritten
      this.position += bytesWritten
    }
  }

  /** Writes what is pending and syncs it to disk; returns the durable length in bytes. */
  async checkpoint(): Promise<number> {
    await this.flush()
    await this.file.sync()
    return this.position
  }

  async close(): Promise<void> {
    await this.file.close()
  }
}
