import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { countO200kTokens } from '../../src/budgets/count-o200k-tokens.js';
import { estimateInputTokens } from '../../src/budgets/estimate-input-tokens.js';
import { createRouter, vllm } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();
const TEXT = 'Self-hosted models answer too, and their calls still cost something.';

describe('a host that reports no usage', () => {
  it('gets its usage estimated from the text, flagged on the attempt and in the warnings, never recorded at $0', async () => {
    server.use(
      http.post('http://gpu-box.test:8000/v1/chat/completions', () =>
        HttpResponse.json({
          id: 'cmpl-local',
          object: 'chat.completion',
          created: 1_763_900_000,
          model: 'llama-3.1-8b',
          choices: [{ index: 0, message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' }],
        }),
      ),
    );
    const router = createRouter({
      providers: { local: vllm({ baseURL: 'http://gpu-box.test:8000/v1' }) },
      models: { llama: { provider: 'local', model: 'llama-3.1-8b' } },
      prices: { 'local:llama-3.1-8b': { inputPerMTok: 0.2, outputPerMTok: 0.4 } },
    });
    const request = { model: 'llama', messages: [{ role: 'user' as const, content: 'Why count the cost?' }] };
    const res = await router.complete(request);

    // vLLM models use other tokenizers than o200k: the estimate carries the non-OpenAI safety factor (1.25).
    const output = Math.ceil(countO200kTokens(TEXT) * 1.25);
    const input = estimateInputTokens({ ...request, maxOutputTokens: 4096 }, { providerName: 'vllm' });
    expect(res.usage).toEqual({
      inputTokens: input,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: output,
      reasoningTokens: 0,
    });
    expect(res.cost.usd).toBeCloseTo((input * 0.2 + output * 0.4) / 1e6, 12);
    expect(res.cost.usd).toBeGreaterThan(0);
    expect(res.cost.attempts[0]!.usageEstimated).toBe(true);
    expect(res.warnings.join('\n')).toMatch(/usage and cost are estimated/);
  });
});
