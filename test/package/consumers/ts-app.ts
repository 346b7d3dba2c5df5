// A TypeScript app using the installed package, compiled with `tsc --strict`: the same retry, fallback and stream as
// esm-app.mjs, through the published declarations. Prints what happened as one JSON line.
import { createRouter, openai, type RouterRequest, type RouterResult } from 'routewise';

const base = `${process.env.FAKE_OPENAI_URL}/ts`;
const router = createRouter({
  providers: {
    flaky: openai({ apiKey: 'sk-package-test', baseURL: `${base}/flaky/v1` }),
    down: openai({ apiKey: 'sk-package-test', baseURL: `${base}/down/v1` }),
    backup: openai({ apiKey: 'sk-package-test', baseURL: `${base}/ok/v1` }),
  },
  models: {
    flaky: { provider: 'flaky', model: 'gpt-4.1-mini' },
    down: { provider: 'down', model: 'gpt-4.1-mini', fallbacks: ['backup'] },
    backup: { provider: 'backup', model: 'gpt-4.1-nano' },
  },
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
});

const ask = (model: string): RouterRequest => ({
  model,
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxOutputTokens: 50,
});
const summary = (res: RouterResult) => ({
  text: res.text,
  answeredBy: res.route.answeredBy,
  fellBack: res.route.fellBack,
  attempts: res.cost.attempts.map((a) => `${a.alias}:${a.status}:${a.httpStatus ?? ''}`),
  usd: res.cost.usd,
});

const retry = await router.complete(ask('flaky'));
const fallback = await router.complete(ask('down'));
const stream = router.stream(ask('backup'));
let deltas = '';
for await (const event of stream) if (event.type === 'text-delta') deltas += event.text;
const streamed = await stream.result;
console.log(
  JSON.stringify({ retry: summary(retry), fallback: summary(fallback), stream: { deltas, ...summary(streamed) } }),
);
