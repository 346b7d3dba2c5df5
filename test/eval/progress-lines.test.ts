import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress-bar.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 80, write: (text: string) => written.push(text) } as never };
}

describe('progress on stderr', () => {
  it('off a terminal, writes one line per stage: when its label appears and when its count completes', () => {
    const { written, stream: s } = stream(false);
    const progress = progressBar(s);
    progress.update(10, 300, 'MMLU: embedding 300 prompts');
    progress.update(200, 300, 'MMLU: embedding 300 prompts');
    progress.update(300, 300, 'MMLU: embedding 300 prompts');
    progress.update(1, 12, 'MMLU: learned (split 1/5)');
    progress.update(2, 12, 'MMLU: learned (split 2/5)');
    progress.update(12, 12, 'MMLU: oracle');
    progress.done();
    expect(written).toEqual([
      '[ 10/300] MMLU: embedding 300 prompts\n',
      '[300/300] MMLU: embedding 300 prompts\n',
      '[ 1/12] MMLU: learned (split 1/5)\n',
      '[ 2/12] MMLU: learned (split 2/5)\n',
      '[12/12] MMLU: oracle\n',
    ]);
  });

  it('on a terminal, draws one bar redrawn in place and clears it when done', () => {
    const { written, stream: s } = stream(true);
    const progress = progressBar(s);
    progress.update(12, 12, 'MMLU: oracle');
    progress.done();
    expect(written.every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(true);
    expect(written[0]).toContain('12/12 MMLU: oracle');
  });
});
