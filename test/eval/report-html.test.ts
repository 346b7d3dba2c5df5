import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const root = join(import.meta.dirname, '../..');

describe('the HTML report', () => {
  it('names files without the machine’s absolute paths, and draws identical policies as one line, saying so', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'routewise-report-')), 'r.html');
    const data = join(root, 'test/fixtures/eval/routellm-dir');
    const flags = ['--folds', '2', '--group-column', 'source', '--price-map', 'weak-model=1/2,strong-model=10/30'];
    expect(await main(['eval', '--data', data, ...flags, '--html', out], captureCliIo().io)).toBe(0);
    const html = readFileSync(out, 'utf8');
    const notes = html.slice(html.lastIndexOf('<ul class="notes">'));
    expect(notes).toContain('contamination list: test/fixtures/eval/routellm-dir/contaminated_prompts.jsonl');
    expect(notes).not.toContain(root);
    // Folds grouped by source: every test task is unseen, so per-task+learned and the task prior are learned.
    const legend = 'learned = per-task+learned = learned+task-prior';
    expect(html.split(`>${legend}</text>`)).toHaveLength(3); // one legend entry in each of the two charts
    expect(html).not.toContain('>per-task+learned</text>');
    expect(notes).toContain('learned and per-task+learned and learned+task-prior have the same curve on this data');
  });
});
