/** Something that can show progress. */
export interface Progress {
  /** Shows `done` of `total` with a label. */
  update(done: number, total: number, label: string): void;
  /** Clears the bar. */
  done(): void;
}

/**
 * Progress on a stream. On a terminal: a one-line bar, redrawn at most every 100 ms. Elsewhere (a pipe, a CI log):
 * one line per stage, when its label first appears and when it completes, so a long run is never silent for a
 * minute yet a log stays short (`[ 7/33] RouteLLM MMLU: learned (split 2/5)`).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 28): Progress {
  if (!stream.isTTY) return lineProgress(stream);
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

/** Off a terminal: a line when a label first appears, and one when its count completes (if that came later). */
function lineProgress(stream: { write(text: string): unknown }): Progress {
  let label: string | undefined;
  let completed = false;
  return {
    update(done, total, next) {
      const finished = done >= total;
      if (next === label && (completed || !finished)) return;
      if (next === label) completed = true;
      else {
        label = next;
        completed = finished;
      }
      const width = String(total).length;
      stream.write(`[${String(done).padStart(width)}/${total}] ${next}\n`);
    },
    done() {
      label = undefined;
    },
  };
}
