/**
 * Cold start of the built package: how long `import('routewise')` takes in a fresh Node process, against
 * `import('openai')` alone measured in the same run.
 *
 * Each sample is a new `node` process that times one import from just before it to just after (Node's own startup
 * is left out) and reports its RSS. The variants are interleaved in a random order per round, so machine noise hits
 * them alike. Variants: `import('openai')` (the baseline), `import('routewise')` (ESM), `require('routewise')`
 * (CommonJS), the import plus `createRouter()` (its config check loads zod), and an app that imports routewise and
 * builds `openai()` (which loads the OpenAI SDK).
 * Target: the median of `import('routewise')` within 1.3x of `import('openai')`.
 *
 * Run: npm run bench:cold-start   (builds dist/ first; env BENCH_ROUNDS=N for the number of rounds, default 15;
 * BENCH_NO_BUILD=1 to time the dist/ already there)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One variant: a script run by a fresh `node`, which prints `{ ms, rss }` for the import it times. */
interface Variant {
  name: string;
  type: 'module' | 'commonjs';
  script: string;
}

const timed = (load: string) =>
  `const c0 = process.cpuUsage(); const t0 = performance.now(); ${load}; const ms = performance.now() - t0; ` +
  'const c = process.cpuUsage(c0); ' +
  'console.log(JSON.stringify({ ms, cpu: (c.user + c.system) / 1000, rss: process.memoryUsage().rss }));';

const variants: Variant[] = [
  { name: "import('openai')", type: 'module', script: timed("await import('openai')") },
  { name: "import('routewise')", type: 'module', script: timed("await import('routewise')") },
  { name: "require('routewise')", type: 'commonjs', script: timed("require('routewise')") },
  {
    name: "import('routewise') + createRouter()",
    type: 'module',
    // Building a router checks its config with zod, which loads then: the import plus that first validation. A stub
    // adapter keeps the provider SDK out of it (the next variant times that).
    script: timed(
      "const rw = await import('routewise'); const adapter = { name: 'openai', priceProviderId: 'openai', complete() {}, stream() {} }; " +
        "rw.createRouter({ providers: { openai: adapter }, models: { m: { provider: 'openai', model: 'gpt-4.1-mini' } } })",
    ),
  },
  {
    name: "import('routewise') + openai() loaded",
    type: 'module',
    // The factory starts loading the SDK; the first call awaits it. A call's cost is not part of a cold start, so
    // wait for the load the same way the first call would (a stream's first pull, here on a dead port).
    script: timed(
      "const rw = await import('routewise'); const p = rw.openai({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1' }); " +
        "await p.complete('gpt-4.1-mini', { messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 1 }).catch(() => {})",
    ),
  },
];

interface Sample {
  /** Wall time of the import, ms. */
  ms: number;
  /** CPU time of the import (user + system), ms: steadier than wall time on a busy machine. */
  cpu: number;
  /** Resident set size after the import, bytes. */
  rss: number;
}

function sample(variant: Variant): Sample {
  const out = execFileSync(process.execPath, [`--input-type=${variant.type}`, '-e', variant.script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Sample;
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

if (process.env.BENCH_NO_BUILD !== '1' || !existsSync(join(root, 'dist/index.js'))) {
  console.log('building dist/ (npm run build)…');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}

const results = new Map<string, { ms: number[]; cpu: number[]; rss: number[] }>(
  variants.map((v) => [v.name, { ms: [], cpu: [], rss: [] }]),
);
for (const variant of variants) sample(variant); // warm the file system cache once each
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of shuffle(variants)) {
    const { ms, cpu, rss } = sample(variant);
    const entry = results.get(variant.name) as { ms: number[]; cpu: number[]; rss: number[] };
    entry.ms.push(ms);
    entry.cpu.push(cpu);
    entry.rss.push(rss);
  }
}

const base = results.get("import('openai')") as { ms: number[]; cpu: number[] };
const [baseMs, baseCpu] = [median(base.ms), median(base.cpu)];
console.log(`\ncold start, ${ROUNDS} fresh processes per variant, random order (Node ${process.version})\n`);
console.log(
  `${'variant'.padEnd(40)}${'p50 ms'.padStart(9)}${'min ms'.padStart(9)}${'vs openai'.padStart(11)}` +
    `${'CPU ms'.padStart(9)}${'vs openai'.padStart(11)}${'RSS MB'.padStart(9)}`,
);
for (const [name, { ms, cpu, rss }] of results) {
  console.log(
    name.padEnd(40) +
      median(ms).toFixed(1).padStart(9) +
      Math.min(...ms)
        .toFixed(1)
        .padStart(9) +
      `${(median(ms) / baseMs).toFixed(2)}x`.padStart(11) +
      median(cpu).toFixed(1).padStart(9) +
      `${(median(cpu) / baseCpu).toFixed(2)}x`.padStart(11) +
      (median(rss) / 1e6).toFixed(0).padStart(9),
  );
}
const own = results.get("import('routewise')") as { ms: number[]; cpu: number[] };
console.log(
  `\nimport('routewise') / import('openai'): ${(median(own.ms) / baseMs).toFixed(2)}x wall, ` +
    `${(median(own.cpu) / baseCpu).toFixed(2)}x CPU (target ≤ 1.30x)`,
);
