import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The keys that would send an example to a real API: removed, so every example runs on the local server. */
const KEY_VARS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'DEEPSEEK_API_KEY'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runExample(file: string): Promise<Run> {
  const env = { ...process.env };
  for (const name of KEY_VARS) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${file}`], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Each example with the lines its output must contain. */
const EXPECTED: Record<string, RegExp[]> = {
  'otel-chat-endpoint.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /name: 'POST \/chat'/,
    /name: 'routewise\.request'/,
    /name: 'chat gpt-5-mini',\n\s+id: '\w+',\n\s+kind: 2/,
    /'gen_ai\.provider\.name': 'openai'/,
    /'error\.type': '503'/,
    /'gen_ai\.usage\.output_tokens': [1-9]\d*/,
    /'gen_ai\.response\.finish_reasons': \[ 'stop' \]/,
    /'routewise\.retries': 1/,
    /^answered by mini, 2 attempts, cost\.usd: \$0\.\d{6}$/m,
    /^HTTP 200: An idempotency key/m,
  ],
  'openai-client-swap.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /^direct: {2}Yes, within 60 days/m,
    /^routed: {2}Yes, within 60 days/m,
    /^auto → gpt-5-mini \(openai:gpt-5-mini\), route policy$/m,
    /^usage: \d+ prompt \+ \d+ completion tokens, cost\.usd: \$0\.\d{6}$/m,
    /^streamed: \d+ characters, usage chunk: [1-9]\d* tokens$/m,
    /^refused: n \(status 400\)$/m,
    /^spend: \$0\.\d{6} over 3 requests$/m,
  ],
  'openai-chat.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /^text: An idempotency key is/m,
    /^model: openai:gpt-5-mini \(alias mini\), finish: stop$/m,
    /^usage: \d+ in .* → \d+ out \([1-9]\d* reasoning\)$/m,
    /^cost\.usd: \$0\.\d{6}$/m,
    /^ {2}attempt #1 mini \(openai:gpt-5-mini\) ok/m,
  ],
  'anthropic-thinking.ts': [
    /^mode: local — no ANTHROPIC_API_KEY/m,
    /^model: anthropic:claude-sonnet-4-6, finish: stop$/m,
    /^usage: input \d+ \(cache read 0, cache write 0/m,
    /^usage: output \d+ \(thinking [1-9]\d*, answer \d+\)$/m,
    /^cost\.usd: \$0\.\d{6}$/m,
    /^ {2}attempt #1 sonnet \(anthropic:claude-sonnet-4-6\) ok/m,
  ],
  'google-gemini.ts': [
    /^mode: local — no GEMINI_API_KEY/m,
    /^text: Sunlight .*Rayleigh scattering.*sky looks blue\.$/m,
    /^usage: \d+ in .* → \d+ out \([1-9]\d* reasoning\)$/m,
    /^cost\.usd: \$0\.\d{6}$/m,
    /^ {2}attempt #1 flash \(google:gemini-2\.5-flash\) ok/m,
  ],
  'deepseek-compatible.ts': [
    /^mode: local — no DEEPSEEK_API_KEY/m,
    /^model: deepseek:deepseek-chat, finish: stop$/m,
    /^priced at: \d{4}-\d\d-\d\dT[\d:.]+Z → (off-peak|standard hours)/m,
    /^cost\.usd: \$0\.\d{6}$/m,
  ],
  'fallbacks-and-budget.ts': [
    /^mode: local — offline demo server/m,
    /^model: anthropic:claude-haiku-4-5 \(alias haiku\)$/m,
    /^fell back: mini → haiku, answered by haiku$/m,
    /^cost\.usd: \$0\.\d{6} over 3 attempts$/m,
    /^ {2}attempt #1 mini \(openai:gpt-5-mini\) error HTTP 503: .* \$0\.000000$/m,
    /^ {2}attempt #2 mini \(openai:gpt-5-mini\) error HTTP 503: .* \$0\.000000$/m,
    /^ {2}attempt #1 haiku \(anthropic:claude-haiku-4-5\) ok/m,
    /^refused by budget: worst case \$0\.\d{6} > limit \$0\.010000$/m,
    /^ {2}estimate: \d+ input tokens \+ 8000 output cap on claude-sonnet-4-6$/m,
    /^ {2}requests sent for it: 0$/m,
    /^ {2}models\.fast\.provider: "opnai" is not a configured provider/m,
    /^ {2}models\.fast\.fallbacks\[0\]: "cheap" is not a configured model alias/m,
  ],
  'ab-experiment.ts': [
    /^mode: local — offline demo server/m,
    /^user-1 → arm (control|cascade) \(tier \w+, answered by (haiku|sonnet)\), \$0\.\d{6}$/m,
    /^assigned: (cascade|control) \d+, (cascade|control) \d+$/m,
    /^experiment cheap-first: 40 requests, 95% intervals$/m,
    /^arm control \(fixed\(sonnet\)\): \d+ requests, 0 errors$/m,
    /^arm cascade \(cascade\): \d+ requests, 0 errors$/m,
    /^ {2}mean cost: \$0\.\d{6} \[\$0\.\d{6}, \$0\.\d{6}\], total \$0\.\d{6}$/m,
    /^ {2}escalation rate: [\d.]+% \[[\d.]+%, [\d.]+%\]$/m,
    /^ {2}feedback \(binary, \d+ scores\): [\d.]+% \[/m,
    /^cascade vs control:$/m,
    /^ {2}mean cost: [+-]\$0\.\d{6} \[[+-]\$0\.\d{6}, [+-]\$0\.\d{6}\] \((differs|no difference shown) at 95%\)$/m,
    /^shadow learned-mini \(learned-cascade, sample 0\.5\): evaluated \d+, errors 0$/m,
    /^ {2}estimated cost: \$0\.\d{6} \[.*\] vs live \$0\.\d{6}/m,
  ],
  'cascade-routing.ts': [
    /^mode: local — offline demo server/m,
    /^route: quiz-cascade \(λ 1, compared as choice\), answered by nano, accepted$/m,
    /^ {2}step nano: accepted — agree\(flash\): 1\/1 agree on choice "B" \(flash: B\)$/m,
    /^ {2}check flash \(gemini-2\.5-flash\) ok · \$0\.\d{6}$/m,
    /^ {2}after \[nano=A p=0\.00, flash=B p=0\.00, haiku=B p=\d\.\d\d\] → stop, return haiku$/m,
    /^cost\.usd: \$0\.\d{6} over 3 calls$/m,
    /^3\. streamed \(1 text delta\(s\)\)$/m,
    /^route: quiz-cascade \(λ 1, compared as choice\), answered by nano, NOT accepted$/m,
    /haiku 0\.90 \(cost 0\.\d{3}, over budget\)/,
  ],
  'cascade-with-judge.ts': [
    /^mode: local — offline demo server/m,
    /^route: support-cascade, tier simple \(heuristic score 0\.\d{3}\), answered by nano, accepted, 0 escalation\(s\)$/m,
    /^ {2}step 0 nano: accepted — nonEmpty: \d+ characters of text; judge\(grader\): judge grader graded 9\/10 ≥ 7$/m,
    /^ {2}step 0 nano: rejected — judge\(grader\): judge grader graded 3\/10 < 7$/m,
    /^route: support-cascade, tier simple \(heuristic score 0\.\d{3}\), answered by sonnet, accepted, 1 escalation\(s\)$/m,
    /^ {2}check grader \(gpt-4\.1-mini\) ok · \$0\.0000\d\d$/m,
    /^ {2}answer sonnet \(claude-sonnet-4-6\) ok · \$0\.\d{6}$/m,
    /^cost\.usd: \$0\.\d{6} over 3 attempts$/m,
    /^route: support-cascade, tier hard \(heuristic score 0\.\d{3}\), answered by sonnet, accepted, 0 escalation\(s\)$/m,
    /^route: support-cascade, tier simple .*answered by nano, NOT accepted, 0 escalation\(s\)$/m,
    /^ {2}step 1 sonnet: skipped-budget — worst case \$0\.\d{6} on claude-sonnet-4-6 does not fit the remaining/m,
  ],
  'utility-router.ts': [
    /^mode: local — offline demo server/m,
    // λ = 0 buys the best predicted quality; a larger λ moves to cheaper models.
    /^ {2}λ=0: nano q=0\.\d\d c=0\.0\d\d u=.* \| full q=0\.\d\d c=1\.000 u=/m,
    /^ {4}→ chose full, answered by full, 0 escalation\(s\), cost \$0\.\d{6}$/m,
    /^ {4}→ chose mini, answered by mini, 0 escalation\(s\)/m,
    /^ {4}→ chose nano, answered by nano, 0 escalation\(s\)/m,
    /^ {4}→ chose nano, answered by mini, 1 escalation\(s\), cost \$0\.\d{6}$/m,
    /^ {4}step 0 nano: rejected — noHedge: rejected/m,
    /^ {4}step 1 mini: accepted/m,
  ],
  'calibrated-cascade.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /^data: 14037 questions, 57 subjects; training 12449 rows \(49 subjects\), held out 1588 rows \(8 subjects\)$/m,
    /^trained on 3113 rows in [\d.]+ s$/m,
    /^held out: weak 0\.\d{3}, strong 0\.\d{3} → target 0\.\d{3}$/m,
    // The figures depend on the trained model; their shape (and a share below random routing's 50%) is what holds.
    /^targetQuality: threshold 0\.\d{3}, strong share [1-4]\d\.\d%, quality 0\.\d{3}, cost share \d+\.\d%$/m,
    /^targetStrongShare 0\.3: threshold 0\.\d{3}, strong share 30\.0%, quality 0\.\d{3}$/m,
    /^task prior: 8 subject means learned during calibration; reset$/m,
    /^ {2}→ tier cheap \(learned\+task-prior score 0\.\d{3}\), answered by nano \(gpt-4\.1-nano\), cost \$0\.\d{6}$/m,
    /^ {2}→ tier strong \(learned\+task-prior score 0\.\d{3}\), answered by full \(gpt-4\.1\), cost \$0\.\d{6}$/m,
  ],
  'shared-redis-cap.ts': [
    /^mode: local — offline demo server at .*; Redis at /m,
    /^tenant acme: daily cap \$0\.000500, two processes × 20 requests$/m,
    /^instance A: \d+ served, \d+ refused, charged \$0\.\d{6}$/m,
    /^instance B: \d+ served, \d+ refused, charged \$0\.\d{6}$/m,
    /^store: \$0\.000[0-4]\d\d spent of the \$0\.000500 cap, \$0\.000000 still reserved$/m,
    /^the cap held across both processes$/m,
  ],
  'response-cache.ts': [
    /^How do I reset my password\? +miss /m,
    /^How do I reset my password\? +exact hit, saved \$0\.\d{6} +cost \$0\.000000$/m,
    /^How can I reset my password\? +semantic hit, saved \$0\.\d{6} +cost \$0\.000000$/m,
    /^What is 2\+4\? +miss /m,
    /^spend: \$0\.\d{6} for 5 requests; 2 cache hits \(1 exact, 1 semantic\) saved \$0\.\d{6}$/m,
  ],
  'ai-sdk-route-handler.ts': [
    /^mode: local — offline demo server at .*fails the first 2 requests with 503$/m,
    /^POST \/api\/chat → 200 text\/plain/m,
    /^route: mini → haiku, answered by haiku \(fell back\)$/m,
    /^cost\.usd: \$0\.\d{6} over 3 attempts$/m,
    /^ {2}attempt #1 mini \(openai:gpt-5-mini\) error HTTP 503 · \$0\.000000$/m,
    /^ {2}attempt #1 haiku \(anthropic:claude-haiku-4-5\) ok · \$0\.\d{6}$/m,
    /^streamed \d+ chunks: Sunlight .*sky looks blue\.$/m,
    /^ledger: user-42 \$0\.\d{6}$/m,
  ],
  'structured-output.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /customer: 'Dana Whitfield'/,
    /^priority: high \(billing\)$/m,
    /^cost\.usd: \$0\.\d{6}$/m,
  ],
  'learn-per-task.ts': [
    /^mode: local — offline demo server/m,
    /^round 1, contracts: answered by haiku 12, \$0\.\d{6}$/m,
    /^round 3, billing: answered by haiku 12, \$0\.\d{6}$/m,
    /^round 3, contracts: answered by sonnet 12, \$0\.\d{6}$/m,
    /^billing: learned, chosen haiku; shrunk means haiku 0\.\d{3} \(n=36\), sonnet 0\.\d{3} \(n=0\)$/m,
    /^contracts: learned, chosen sonnet; shrunk means haiku 0\.\d{3} \(n=21\), sonnet 0\.\d{3} \(n=15\)$/m,
  ],
  'demo-ledger.ts': [
    /^mode: local — offline demo server/m,
    // The replayed data and the stand-in's token counts are fixed, so the traffic is the same on every run.
    /^recorded: 64 requests, 77 attempts \(3 retries\), \$0\.\d{6}$/m,
    /^alert: budget-threshold: tenant initech, daily: .* \(25% reached\)$/m,
    /^total \$0\.\d{6} over 64 requests \(77 attempts, 5 failed\)/m,
    /^outcomes: 40 requests with feedback, \d+ resolved/m,
    /^routing: escalated 8 \(12\.5%\), fell back 2 \(3\.1%\)$/m,
    /^retries: 3 attempts, /m,
    /^ {2}math-tutor +\$0\.\d{6}/m,
    /^experiment cheap-first \(95% intervals\):$/m,
    /^ {2}mini-then-sonnet +20 /m,
    /^alerts \(2\):$/m,
  ],
  'replay-your-router.ts': [
    /^data: 1307 GSM8K questions, models mistralai\/Mixtral-8x7B-Instruct-v0\.1, gpt-4-1106-preview$/m,
    // The bundled data's figures for the GSM8K cascade (docs/eval.md: cascade(gsm8k), CPT(50%) 20.5%).
    /^replayed math-cascade: quality 77\.6%, cost \$\d\.\d{6} \(27\.8% of always-GPT-4\), escalated 20\.5%$/m,
    /^baselines: always-Mixtral 63\.7%, always-GPT-4 85\.8%; CPT\(50%\) 20\.5%, AIQ 0\.560$/m,
    /^evaluator's cascade\(gsm8k\) on the same rows: the same quality and cost$/m,
    /^judge: UnrecordedCallError \(model gpt-4\.1-nano, no recorded prompt\)$/m,
    /^ {2}A check or classifier that calls a model \(a judge\) needs a live provider: recordedProvider\(data, \{ live: openai\(\) \}\)/m,
  ],
  'nightly-spend-report.ts': [
    /^mode: local — no OPENAI_API_KEY/m,
    /^spend: \$0\.\d{6} over 3 requests$/m,
    /^top tenant: acme, top feature: chat$/m,
    /^wrote: reports\/nightly\/spend-\d{4}-\d\d-\d\d\.html and spend-\d{4}-\d\d-\d\d\.json$/m,
    /^total \$0\.\d{6} over 3 requests \(3 attempts, 0 failed\)/m,
  ],
};

// Each example runs in its own process (~2 s of CPU each, mostly loading the SDKs); they run side by side.
describe.concurrent('examples run offline (no API keys)', () => {
  for (const [file, lines] of Object.entries(EXPECTED)) {
    it(file, { timeout: 90_000 }, async () => {
      const { code, stdout, stderr } = await runExample(file);
      expect(stderr).not.toMatch(/error|warn/i);
      expect(code, stdout + stderr).toBe(0);
      for (const line of lines) expect(stdout).toMatch(line);
    });
  }
});
