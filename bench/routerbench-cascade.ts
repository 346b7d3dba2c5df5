// Cascade routing on RouterBench's train split (11 models; ARC-Challenge, MBPP, Winogrande): quality at each cost
// share of always calling gpt-4-1106-preview, 5 random folds over the complete rows, against per-task, utility and
// the oracle, plus agree() replayed from the recorded answers. The data is not in the repo: set ROUTERBENCH_DIR to a
// folder holding arc_challenge_train.csv, mbpp_train.csv and winograde_train.csv (RouterBench's wide format);
// without it the bench says so and exits 0. Run: ROUTERBENCH_DIR=... npx tsx bench/routerbench-cascade.ts [--no-utility]
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../src/eval/loaders/load-dataset.js';
import { agreementPolicy, cheapestPartners } from '../src/eval/policies/agreement-policy.js';
import { cascadeRoutingPolicy } from '../src/eval/policies/cascade-routing-policy.js';
import { perTaskPolicy } from '../src/eval/policies/per-task-policy.js';
import { utilityPolicy } from '../src/eval/policies/utility-policy.js';
import { runEval } from '../src/eval/run-eval.js';

const dir = process.env.ROUTERBENCH_DIR ?? '/work/shared/data/routerbench-train';
const files = ['arc_challenge_train.csv', 'mbpp_train.csv', 'winograde_train.csv'].map((f) => join(dir, f));
if (!files.every((f) => existsSync(f))) {
  console.log(`skipped: RouterBench train CSVs not found in ${dir} (set ROUTERBENCH_DIR)`);
  process.exit(0);
}
// One CSV: the three files share their header; the later files' header lines are dropped.
const text = files
  .map((f, i) => {
    const body = readFileSync(f, 'utf8');
    return i === 0 ? body.replace(/\n?$/, '\n') : body.slice(body.indexOf('\n') + 1).replace(/\n?$/, '\n');
  })
  .join('');
const joined = join(mkdtempSync(join(tmpdir(), 'routerbench-')), 'routerbench-train.csv');
writeFileSync(joined, text);
const data = loadDataset(joined, { format: 'routerbench' });
const policies = [perTaskPolicy(), cascadeRoutingPolicy('task'), agreementPolicy(cheapestPartners(2))];
if (!process.argv.includes('--no-utility')) policies.push(utilityPolicy());
if (process.argv.includes('--heads')) policies.push(cascadeRoutingPolicy('heads'));
const started = Date.now();
const report = await runEval({ data, folds: 5, policies });
const SHARES = [0.02, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5];
console.log(
  `${report.rowsScored} complete rows, ${report.split}; strong ${report.strongModel} ` +
    `(quality ${report.baselines.strong.quality.toFixed(3)}); ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  `best quality at cost share ≤ ${SHARES.map((s) => `${Math.round(s * 100)}%`).join(' / ')}; AIQ (RouterBench)`,
);
for (const p of [...report.policies, report.baselines.oracle]) {
  const at = (share: number) => {
    const q = p.curve.filter((c) => c.costShare <= share + 1e-12).map((c) => c.quality);
    return q.length ? Math.max(...q).toFixed(3) : '  —  ';
  };
  console.log(`${p.name.padEnd(24)} ${SHARES.map(at).join('  ')}  ${p.aiq?.toFixed(3) ?? '—'}`);
}
