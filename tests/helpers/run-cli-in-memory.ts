import { runCli } from '../../src/main/cli/main'

const ignore = (): void => undefined

/** One `journey` command line run in this process, with its exit code and both outputs as text. */
export async function runCliInMemory(
  args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: { write: (text: string) => ((stdout += text), true), on: ignore, off: ignore },
    stderr: {
      write: (text: string) => ((stderr += text), true),
      isTTY: false,
      on: ignore,
      off: ignore
    }
  } as unknown as Parameters<typeof runCli>[1]
  const code = await runCli(args, io)
  return { code, stdout, stderr }
}
