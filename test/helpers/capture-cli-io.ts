/** A fake stdout/stderr pair for the CLI (`main(args, io)`), collecting what it writes; stderr is not a terminal. */
export function captureCliIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t), isTTY: false } },
    /** Everything written to stdout. */
    out: () => out.join(''),
    /** Everything written to stderr. */
    err: () => err.join(''),
  };
}
