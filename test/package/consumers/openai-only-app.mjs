// An app that uses routewise with OpenAI only, against the test's local server. It records which modules load (a
// resolve hook for imports, require.cache for CommonJS packages required; at the import and at the end) and when the learned classifier's weights are read (fs.readFileSync), then prints one JSON line.
// With PROVIDER=anthropic it builds anthropic() as well: the control showing the record sees an SDK that loads.
import fs from 'node:fs';
import { createRequire, register, syncBuiltinESMExports } from 'node:module';

register('./record-resolutions.mjs', import.meta.url, { data: { file: process.env.RESOLUTIONS_FILE } });

const reads = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function recordedReadFileSync(file, ...rest) {
  reads.push(String(file));
  return readFileSync.call(this, file, ...rest);
};
syncBuiltinESMExports();
const weightsRead = () => reads.some((file) => file.includes('learned-routellm'));

const { anthropic, createRouter, learned, openai } = await import('routewise');
const weightsAtImport = weightsRead();
// What the import alone loaded: the resolutions so far (the hook writes each before the module loads) and the
// CommonJS packages routewise required.
const atImport = [
  ...fs.readFileSync(process.env.RESOLUTIONS_FILE, 'utf8').split('\n'),
  ...Object.keys(createRequire(import.meta.url).cache),
];
const base = `${process.env.FAKE_OPENAI_URL}/cold`;
const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'sk-package-test', baseURL: `${base}/ok/v1` }),
    ...(process.env.PROVIDER === 'anthropic' ? { anthropic: anthropic({ apiKey: 'sk-ant-package-test' }) } : {}),
  },
  models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
});
const res = await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'Say hello.' }] });
const weightsAfterCall = weightsRead();
const score = learned().classify({ prompt: 'Prove that there are infinitely many primes.' }).score;
const required = Object.keys(createRequire(import.meta.url).cache);
console.log(
  JSON.stringify({
    text: res.text,
    weightsAtImport,
    atImport,
    weightsAfterCall,
    weightsAfterLearned: weightsRead(),
    score,
    required,
  }),
);
