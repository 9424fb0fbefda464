import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { REPO_ROOT } from './repo-root'

/** The `journey` command line, run as a user runs it, for comparing its answers with the screen. */
export function runJourneyCli(
  args: readonly string[]
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'journey.mjs'), ...args],
      { cwd: REPO_ROOT, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`journey ${args.join(' ')} failed: ${error.message}\n${stderr}`))
        } else resolve({ stdout, stderr })
      }
    )
  })
}

/** `journey <args> --format json`, parsed (Extended JSON, so dates and ids keep their types). */
export async function journeyJson<T>(args: readonly string[]): Promise<T> {
  const { stdout } = await runJourneyCli([...args, '--format', 'json'])
  return EJSON.parse(stdout, { relaxed: true }) as T
}
