// Reads the RouteLLM evaluation data copied under data/routellm/ (GSM8K and MMLU), dropping contaminated prompts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The weak and strong model columns of RouteLLM's data. */
export const WEAK_MODEL = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
export const STRONG_MODEL = 'gpt-4-1106-preview';

/** One recorded query: its text, task (dataset or MMLU subject) and each model's correctness (0 or 1). */
export interface RouteLlmRow {
  prompt: string;
  task: string;
  weak: number;
  strong: number;
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines) into records keyed by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body
    .filter((cells) => cells.length === header.length)
    .map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]!])));
}

/** Reads `eval_prompt` of each line of a contaminated_prompts.jsonl file. */
function contaminated(file: string): Set<string> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return new Set(lines.map((line) => (JSON.parse(line) as { eval_prompt: string }).eval_prompt));
}

function toRow(record: Record<string, string>, task: string): RouteLlmRow {
  return {
    prompt: record.prompt!,
    task,
    weak: record[WEAK_MODEL] === 'True' ? 1 : 0,
    strong: record[STRONG_MODEL] === 'True' ? 1 : 0,
  };
}

/** GSM8K rows (task `gsm8k`), contaminated prompts dropped. */
export function loadGsm8k(root: string): { rows: RouteLlmRow[]; dropped: number } {
  const drop = contaminated(join(root, 'gsm8k/contaminated_prompts.jsonl'));
  const records = parseCsv(readFileSync(join(root, 'gsm8k/gsm8k_responses.csv'), 'utf8'));
  const rows = records.filter((r) => !drop.has(r.prompt!)).map((r) => toRow(r, 'gsm8k'));
  return { rows, dropped: records.length - rows.length };
}

/** MMLU rows, task = subject file name without extension (`mmlu_anatomy`), contaminated prompts dropped. */
export function loadMmlu(root: string): { rows: RouteLlmRow[]; dropped: number } {
  const drop = contaminated(join(root, 'mmlu/contaminated_prompts.jsonl'));
  const dir = join(root, 'mmlu/responses');
  const rows: RouteLlmRow[] = [];
  let total = 0;
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .sort()) {
    const records = parseCsv(readFileSync(join(dir, file), 'utf8'));
    total += records.length;
    const task = file.replace(/\.csv$/, '');
    for (const record of records) if (!drop.has(record.prompt!)) rows.push(toRow(record, task));
  }
  return { rows, dropped: total - rows.length };
}
