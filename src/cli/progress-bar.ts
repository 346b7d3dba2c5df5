/** Something that can show progress. */
export interface Progress {
  /** Shows `done` of `total` with a label. */
  update(done: number, total: number, label: string): void;
  /** Clears the bar. */
  done(): void;
}

/**
 * A one-line progress bar on a stream, drawn only when the stream is a terminal (piped or redirected output stays
 * clean). Redraws at most every 100 ms.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 28): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const filled = Math.round((done / total) * width);
      const columns = stream.columns || 100;
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      stream.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length + 10))}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat((stream.columns || 100) - 1)}\r`);
      drawn = false;
    },
  };
}
