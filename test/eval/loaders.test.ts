import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalInputError } from '../../src/eval/eval-input-error.js';
import { detectFormat, loadDataset } from '../../src/eval/loaders/load-dataset.js';
import { loadRoutellm } from '../../src/eval/loaders/load-routellm.js';
import { parsePriceMap } from '../../src/eval/pricing/price-map.js';

const fixtures = join(import.meta.dirname, '../fixtures/eval');
const prices = parsePriceMap('weak-model=1/2,strong-model=10/30');

describe('routellm loader', () => {
  it('reads a file with quoted multi-line prompts, booleans and response columns', () => {
    const data = loadDataset(join(fixtures, 'routellm-gsm.csv'), { priceMap: prices });
    expect(data.models).toEqual(['weak-model', 'strong-model']);
    expect(data.rows).toHaveLength(4);
    expect(data.rows[0]!.prompt).toBe('Tom has 3 apples and buys 2 more.\nHow many apples?');
    expect(data.rows[1]!.prompt).toBe('A "quoted" word: 12 pens cost $24. Price of one?');
    expect(data.rows.map((r) => r.outcomes['weak-model']!.quality)).toEqual([1, 0, 0, 1]);
    expect(data.rows.map((r) => r.outcomes['strong-model']!.quality)).toEqual([1, 1, 1, 0]);
    expect(data.rows[0]!.outcomes['weak-model']!.response).toBe('3 + 2 = <<3+2=5>>5\n#### 5');
    expect(data.hasResponses).toBe(true);
    expect(data.rows[0]!.task).toBeUndefined();
    expect(data.rows[0]!.columns).toEqual({});
  });

  it('prices outcomes from estimated tokens (prompt chars/4 in, response chars/4 out) × the price map', () => {
    const data = loadDataset(join(fixtures, 'routellm-gsm.csv'), { priceMap: prices });
    const row = data.rows[2]!; // "Plain question without quotes" (29 chars → 8 tokens)
    // weak: 8 in × $1/M + "I think it is 7" (15 chars → 4 tokens) × $2/M
    expect(row.outcomes['weak-model']!.costUsd).toBeCloseTo((8 * 1 + 4 * 2) / 1e6, 12);
    // strong: 8 in × $10/M + "#### 8" (6 chars → 2 tokens) × $30/M
    expect(row.outcomes['strong-model']!.costUsd).toBeCloseTo((8 * 10 + 2 * 30) / 1e6, 12);
  });

  it('reads a directory: one source column per file name, task = source, contaminated prompts dropped', () => {
    const raw = loadRoutellm(join(fixtures, 'routellm-dir'));
    expect(raw.rows.map((r) => r.columns['source'])).toEqual([
      'mmlu_algebra',
      'mmlu_algebra',
      'mmlu_history',
      'mmlu_history',
    ]);
    expect(raw.rows.map((r) => r.task)).toEqual(['mmlu_algebra', 'mmlu_algebra', 'mmlu_history', 'mmlu_history']);
    expect(raw.rows.some((r) => r.prompt === 'Leaked question?')).toBe(false);
    expect(raw.rows[2]!.prompt).toBe('Who wrote\nthe Iliad?');
    expect(raw.notes.join('\n')).toContain('dropped 1 contaminated prompt');
  });

  it('assumes one output token when no response is recorded', () => {
    const data = loadDataset(join(fixtures, 'routellm-dir'), { priceMap: prices });
    // "What is 2+2?" = 12 chars → 3 tokens in, 1 token out
    expect(data.rows[0]!.outcomes['strong-model']!.costUsd).toBeCloseTo((3 * 10 + 1 * 30) / 1e6, 12);
    expect(data.hasResponses).toBe(false);
  });

  it('rejects a CSV with fewer than two True/False model columns', () => {
    expect(() => loadDataset(join(fixtures, 'routerbench.csv'), { format: 'routellm' })).toThrow(
      /expected at least 2 True\/False model columns, found 0/,
    );
  });
});

describe('routerbench loader', () => {
  it('reads scores, total costs, responses and eval_name as task', () => {
    const data = loadDataset(join(fixtures, 'routerbench.csv'));
    expect(data.models).toEqual(['model-a', 'model-b', 'model-c']);
    expect(data.rows.map((r) => r.task)).toEqual(['mmlu', 'gsm8k', 'mmlu']);
    expect(data.rows[0]!.prompt).toBe('Q1, with comma');
    expect(data.rows[2]!.outcomes['model-b']).toEqual({ quality: 0.75, costUsd: 0.01, response: 'y' });
    expect(data.rows[1]!.outcomes['model-a']!.response).toBe('multi\nline');
    expect(data.rows[0]!.columns).toEqual({ sample_id: 's1', eval_name: 'mmlu', oracle_model_to_route_to: 'model-c' });
  });

  it('is detected from its |total_cost columns', () => {
    expect(detectFormat(join(fixtures, 'routerbench.csv'))).toBe('routerbench');
    expect(detectFormat(join(fixtures, 'routellm-gsm.csv'))).toBe('routellm');
    expect(detectFormat(join(fixtures, 'routellm-dir'))).toBe('routellm');
    expect(detectFormat(join(fixtures, 'own.jsonl'))).toBe('jsonl');
  });
});

describe('jsonl loader', () => {
  it('uses recorded costs and prices token counts through the catalog lookup', () => {
    const calls: string[] = [];
    const data = loadDataset(join(fixtures, 'own.jsonl'), {
      priceMap: { small: { provider: 'acme', model: 'small-v1' } },
      catalog: (provider, model, tokens) => {
        calls.push(`${provider}:${model}`);
        return tokens.inputTokens * 1e-6 + tokens.outputTokens * 4e-6;
      },
    });
    expect(data.models).toEqual(['small', 'big']);
    expect(data.rows[0]!.outcomes['small']!.costUsd).toBeCloseTo(1000e-6 + 500 * 4e-6, 12);
    expect(data.rows[0]!.outcomes['big']!.costUsd).toBe(0.02);
    expect(data.rows[1]!.outcomes['small']!.quality).toBe(0.2);
    expect(data.rows[1]!.columns['source']).toBe('team-b');
    expect(data.rows[1]!.task).toBe('math');
    expect(calls).toEqual(['acme:small-v1', 'acme:small-v1']);
  });

  it('says which model has no price', () => {
    expect(() => loadDataset(join(fixtures, 'own.jsonl'), { catalog: () => undefined })).toThrow(
      /no price for model "small".*--price-map/,
    );
  });
});

describe('input errors', () => {
  it('names a missing path', () => {
    expect(() => loadDataset(join(fixtures, 'nope.csv'))).toThrow(EvalInputError);
    expect(() => loadDataset(join(fixtures, 'nope.csv'))).toThrow(/nope\.csv: no such file/);
  });

  it('parses inline and per-million price maps', () => {
    expect(parsePriceMap('a/b=openai:gpt-4o,c=0.5/1.5')).toEqual({
      'a/b': { provider: 'openai', model: 'gpt-4o' },
      c: { inputPerMillion: 0.5, outputPerMillion: 1.5 },
    });
    expect(() => parsePriceMap('oops')).toThrow(/--price-map/);
  });
});
