/**
 * A nightly job writing the spend report: reads one UTC day of a ledger (yesterday, by default), writes the HTML page
 * and the JSON next to each other, and prints the headline. Schedule it after midnight UTC, e.g. with cron:
 *
 *   5 0 * * *  cd /srv/app && ROUTEWISE_LEDGER=/var/lib/app/spend.jsonl npx tsx examples/nightly-spend-report.ts
 *
 * ROUTEWISE_LEDGER is a JSONL ledger file, or a postgres:// URL of a PostgreSQL ledger (table routewise_ledger).
 * Without it the job runs offline: it records a few requests through a router against the local stand-in server
 * (OpenAI's format, or the real OpenAI API when OPENAI_API_KEY is set) into a fresh JSONL ledger, and reports today.
 *
 *   npx tsx examples/nightly-spend-report.ts [--day YYYY-MM-DD] [--out reports/nightly]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildSpendReport,
  createRouter,
  formatSpendReport,
  jsonlLedger,
  type LedgerSource,
  openai,
  readLedgerRows,
  renderSpendReportHtml,
} from '../src/index.js';
import { liveOrLocal } from './support/live-or-local.js';

const { values } = parseArgs({ options: { day: { type: 'string' }, out: { type: 'string' } } });
const DAY_MS = 86_400_000;

/** Records a few tagged requests into a fresh ledger, so the job has something to report offline. */
async function sampleLedger(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'routewise-nightly-')), 'spend.jsonl');
  const endpoint = await liveOrLocal('openai');
  const router = createRouter({
    providers: { openai: openai(endpoint.options) },
    models: { mini: { provider: 'openai', model: 'gpt-5-mini', reasoning: { effort: 'minimal' } } },
    ledger: jsonlLedger({ path }),
  });
  try {
    const questions = ['Why is the sky blue?', 'What is an idempotency key?', 'How do I reset my password?'];
    for (const [i, question] of questions.entries()) {
      await router.complete({
        model: 'mini',
        messages: [{ role: 'user', content: question }],
        maxOutputTokens: 200,
        metadata: { tenant: i % 2 === 0 ? 'acme' : 'globex', feature: i === 2 ? 'support' : 'chat' },
      });
    }
  } finally {
    await router.close();
    await endpoint.close();
  }
  return path;
}

const configured = process.env.ROUTEWISE_LEDGER;
const source: LedgerSource = configured
  ? configured.startsWith('postgres')
    ? { postgres: { url: configured } }
    : { path: configured }
  : { path: await sampleLedger() };
// The day to report: --day, else yesterday (UTC) for a real ledger, today for the sample just recorded.
const day = values.day ?? new Date(Date.now() - (configured ? DAY_MS : 0)).toISOString().slice(0, 10);
const since = new Date(`${day}T00:00:00Z`);
const filter = { since, until: new Date(since.getTime() + DAY_MS) };

const report = buildSpendReport(await readLedgerRows(source, filter), { filter });
const outDir = values.out ?? 'reports/nightly';
mkdirSync(outDir, { recursive: true });
const html = join(outDir, `spend-${day}.html`);
writeFileSync(html, renderSpendReportHtml(report, `routewise spend, ${day}`));
writeFileSync(join(outDir, `spend-${day}.json`), `${JSON.stringify(report, null, 2)}\n`);

console.log(`day: ${day} (UTC)`);
console.log(`spend: $${report.totals.usd.toFixed(6)} over ${report.totals.requests} requests`);
console.log(`top tenant: ${report.byTenant[0]?.key ?? 'none'}, top feature: ${report.byFeature[0]?.key ?? 'none'}`);
console.log(`wrote: ${html} and spend-${day}.json`);
console.log('');
console.log(formatSpendReport(report));
