import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AcceptanceCheck, PolicyRouteInfo, RouterRequest } from '../../src/index.js';
import {
  CONFIDENCE_INSTRUCTION,
  cascade,
  custom,
  judge,
  logprobConfidence,
  nonEmpty,
  notRefusal,
  parseConfidenceLine,
  parseJudgeScore,
  selfReportedConfidence,
  validOutput,
} from '../../src/index.js';
import { cheapStrongJudge } from './cheap-strong-judge.js';
import type { Step } from './fake-adapter.js';

/** Routes one request through [cheap with `check`, strong]; returns the result, its route and the fakes. */
async function route(
  check: AcceptanceCheck,
  cheapStep: Step,
  request: Partial<RouterRequest> = {},
  judgeSteps: Step[] = [],
) {
  const { router, cheap, strong, grader } = cheapStrongJudge(
    { cheap: [cheapStep], strong: [{ text: 'strong answer' }], judge: judgeSteps },
    {
      retry: { retries: 0 },
      policy: cascade({ tiers: { only: [{ model: 'cheap', accept: check }, { model: 'strong' }] } }),
    },
  );
  const res = await router.complete({ messages: [{ role: 'user', content: 'Capital of France?' }], ...request });
  const info = res.route as PolicyRouteInfo;
  return { res, step: info.steps[0]!, cheap, strong, grader, info };
}

const tokens = (...probabilities: number[]) => probabilities.map((p, i) => ({ token: `t${i}`, logprob: Math.log(p) }));

describe('nonEmpty()', () => {
  it('accepts text, or tool calls alone', async () => {
    const { step, res } = await route(nonEmpty(), { text: 'Paris.' });
    expect(step).toMatchObject({ verdict: 'accepted', reason: 'nonEmpty: 6 characters of text' });
    expect(res.text).toBe('Paris.');
  });

  it('rejects blank text and truncated answers (unless allowed)', async () => {
    const blank = await route(nonEmpty(), { text: ' \n ' });
    expect(blank.step).toMatchObject({
      verdict: 'rejected',
      reason: 'nonEmpty: the answer is empty (finish reason stop)',
    });
    expect(blank.res.text).toBe('strong answer');
    const cut = await route(nonEmpty(), { text: 'Paris is the cap', finishReason: 'length' });
    expect(cut.step.verdict).toBe('rejected');
    const allowed = await route(nonEmpty({ allowTruncated: true }), {
      text: 'Paris is the cap',
      finishReason: 'length',
    });
    expect(allowed.step.verdict).toBe('accepted');
  });
});

describe('notRefusal()', () => {
  it('accepts an answer that merely mentions sorrow later on', async () => {
    const { step } = await route(notRefusal(), { text: "Paris. I'm sorry, but I can't stop loving it." });
    expect(step).toMatchObject({ verdict: 'accepted', reason: 'notRefusal: no refusal' });
  });

  it.each([
    ['I’m sorry, but I can’t help with that.'],
    ['I cannot help with this request.'],
    ["Sorry, I can't assist with that."],
    ['As an AI language model, I cannot browse.'],
  ])('rejects refusal phrasing: %s', async (text) => {
    const { step } = await route(notRefusal(), { text });
    expect(step.verdict).toBe('rejected');
    expect(step.reason).toMatch(/^notRefusal: refusal phrasing: /);
  });

  it("rejects the provider's content filter and a flagged refusal; custom patterns add to the list", async () => {
    expect((await route(notRefusal(), { text: '', finishReason: 'content-filter' })).step.reason).toBe(
      "notRefusal: the provider's content filter stopped the answer",
    );
    expect((await route(notRefusal(), { text: '', warnings: ['the model refused: policy'] })).step.reason).toBe(
      'notRefusal: the model refused: policy',
    );
    expect((await route(notRefusal({ patterns: [/^nope/i] }), { text: 'Nope.' })).step.verdict).toBe('rejected');
  });
});

describe('validOutput()', () => {
  const schema = z.object({ city: z.string(), population: z.number() });

  it('accepts structured output valid against the request schema, and returns it parsed', async () => {
    const { step, res } = await route(
      validOutput(),
      { text: '{"city":"Paris","population":2100000}' },
      { output: { schema } },
    );
    expect(step).toMatchObject({
      verdict: 'accepted',
      reason: 'validOutput: structured output valid against its schema',
    });
    expect(res.output).toEqual({ city: 'Paris', population: 2100000 });
  });

  it('rejects JSON that does not match, text that is not JSON, and a request with no schema', async () => {
    const wrong = await route(validOutput(), { text: '{"city":"Paris"}' }, { output: { schema } });
    expect(wrong.step.verdict).toBe('rejected');
    expect(wrong.step.reason).toMatch(/^validOutput: answer does not match the schema/);
    const prose = await route(validOutput(), { text: 'Paris, about 2.1 million.' }, { output: { schema } });
    expect(prose.step.reason).toMatch(/^validOutput: answer is not valid JSON/);
    const none = await route(validOutput(), { text: '{}' });
    expect(none.step.reason).toBe(
      'validOutput: the request asks for no structured output and validOutput() was given no schema',
    );
  });

  it('validates against a schema given to the check', async () => {
    expect((await route(validOutput({ schema }), { text: '{"city":"Paris","population":1}' })).step.verdict).toBe(
      'accepted',
    );
    expect((await route(validOutput({ schema }), { text: '{"city":1}' })).step.verdict).toBe('rejected');
  });
});

describe('logprobConfidence()', () => {
  it('asks the provider for logprobs and accepts a mean token probability at or above min', async () => {
    const { step, cheap } = await route(logprobConfidence({ min: 0.9 }), {
      text: 'Paris.',
      logprobs: tokens(0.99, 0.95, 0.9),
    });
    expect(cheap.calls[0]!.request.logprobs).toBe(true);
    expect(step.verdict).toBe('accepted');
    expect(step.checks[0]!.confidence).toBeCloseTo(0.9466667, 6);
    expect(step.reason).toBe('logprobConfidence(0.9): mean token probability 0.947 ≥ 0.9 over 3 tokens');
  });

  it('rejects a low mean probability', async () => {
    const { step } = await route(logprobConfidence({ min: 0.9 }), { text: 'Lyon?', logprobs: tokens(0.5, 0.9) });
    expect(step).toMatchObject({
      verdict: 'rejected',
      reason: 'logprobConfidence(0.9): mean token probability 0.700 < 0.9 over 2 tokens',
    });
  });

  it('no logprobs from the provider: rejects by default, accepts when configured', async () => {
    const missing = await route(logprobConfidence({ min: 0.5 }), { text: 'Paris.' });
    expect(missing.step).toMatchObject({
      verdict: 'rejected',
      reason: 'logprobConfidence(0.5): no logprobs from this provider (cheapco); rejected as configured',
    });
    const lenient = await route(logprobConfidence({ min: 0.5, whenMissing: 'accept' }), { text: 'Paris.' });
    expect(lenient.step.verdict).toBe('accepted');
    expect(() => logprobConfidence({ min: 2 })).toThrow(RangeError);
  });
});

describe('selfReportedConfidence()', () => {
  it('appends the instruction to the system prompt, accepts at min, strips the line from the text', async () => {
    const { step, res, cheap } = await route(
      selfReportedConfidence({ min: 0.8 }),
      { text: 'Paris is the capital of France.\nConfidence: 0.95' },
      { system: 'Be brief.' },
    );
    expect(cheap.calls[0]!.request.system).toBe(`Be brief.\n\n${CONFIDENCE_INSTRUCTION}`);
    expect(step).toMatchObject({
      verdict: 'accepted',
      reason: 'selfReportedConfidence(0.8): self-reported confidence 0.95 ≥ 0.8',
    });
    expect(step.checks[0]!.confidence).toBe(0.95);
    expect(res.text).toBe('Paris is the capital of France.');
  });

  it('rejects low confidence and a missing line', async () => {
    const low = await route(selfReportedConfidence({ min: 0.8 }), { text: 'Lyon, I think.\n**Confidence:** 0.4' });
    expect(low.step).toMatchObject({
      verdict: 'rejected',
      reason: 'selfReportedConfidence(0.8): self-reported confidence 0.4 < 0.8',
    });
    const none = await route(selfReportedConfidence({ min: 0.8 }), { text: 'Paris.' });
    expect(none.step.reason).toBe('selfReportedConfidence(0.8): the answer has no "Confidence: 0.x" line');
  });

  it('parses only a trailing line in [0, 1]', () => {
    expect(parseConfidenceLine('x\nconfidence: .7 ')).toBe(0.7);
    expect(parseConfidenceLine('x\nConfidence: 7')).toBeUndefined();
    expect(parseConfidenceLine('Confidence: 0.9\nmore text')).toBeUndefined();
  });
});

describe('judge()', () => {
  it('accepts a grade at or above min, charging the grader', async () => {
    const { step, res, grader } = await route(
      judge({ model: 'grader', min: 7, prompt: 'Name the city.' }),
      { text: 'Paris.' },
      {},
      [{ text: 'Score: 9' }],
    );
    expect(grader.calls[0]!.request.system).toMatch(/What a good answer is here: Name the city\.$/);
    expect(step).toMatchObject({ verdict: 'accepted', reason: 'judge(grader): judge grader graded 9/10 ≥ 7' });
    expect(step.checks[0]).toMatchObject({ confidence: 0.9, costUsd: expect.closeTo(100e-6, 12) });
    expect(res.cost.attempts.map((a) => [a.alias, a.purpose])).toEqual([
      ['cheap', 'answer'],
      ['grader', 'check'],
    ]);
  });

  it('rejects a low grade, a reply without a grade, and a failed grader (its attempts still recorded)', async () => {
    expect(
      (await route(judge({ model: 'grader', min: 7 }), { text: 'Lyon.' }, {}, [{ text: 'Score: 2' }])).step.verdict,
    ).toBe('rejected');
    const garbled = await route(judge({ model: 'grader', min: 7 }), { text: 'Paris.' }, {}, [
      { text: 'Looks fine to me' },
    ]);
    expect(garbled.step.reason).toBe('judge(grader): the judge gave no grade: "Looks fine to me"');
    const usage = { inputTokens: 80, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    const failed = await route(judge({ model: 'grader', min: 7 }), { text: 'Paris.' }, {}, [{ status: 500, usage }]);
    expect(failed.step.reason).toMatch(/^judge\(grader\): the judge failed: Every model of the route failed:/);
    expect(failed.res.cost.attempts.map((a) => [a.alias, a.status, a.purpose])).toEqual([
      ['cheap', 'ok', 'answer'],
      ['grader', 'error', 'check'],
      ['strong', 'ok', 'answer'],
    ]);
    expect(failed.step.checks[0]!.costUsd).toBeCloseTo(40e-6, 12); // 80 × $0.5/M
  });

  it('reads grades', () => {
    expect(parseJudgeScore('Score: 8')).toBe(8);
    expect(parseJudgeScore('**Score:** 10')).toBe(10);
    expect(parseJudgeScore('7/10')).toBe(7);
    expect(parseJudgeScore('Score: 11')).toBeUndefined();
    expect(parseJudgeScore('I give it 5 because of 3 reasons')).toBeUndefined();
  });
});

describe('custom()', () => {
  it('accepts or rejects from a boolean or a verdict; a check that throws rejects', async () => {
    const mentionsParis = custom((answer) => answer.text.includes('Paris'), 'mentionsParis');
    expect((await route(mentionsParis, { text: 'Paris.' })).step).toMatchObject({
      verdict: 'accepted',
      reason: 'mentionsParis: accepted',
    });
    expect((await route(mentionsParis, { text: 'Lyon.' })).step).toMatchObject({
      verdict: 'rejected',
      reason: 'mentionsParis: rejected',
    });
    const verdict = custom(() => ({ accept: false, reason: 'too short', confidence: 0.1 }), 'length');
    expect((await route(verdict, { text: 'P' })).step.checks[0]).toEqual({
      name: 'length',
      accept: false,
      reason: 'too short',
      confidence: 0.1,
      costUsd: 0,
    });
    const broken = custom(() => {
      throw new Error('boom');
    }, 'broken');
    expect((await route(broken, { text: 'Paris.' })).step.reason).toBe('broken: the check threw: boom');
  });

  it('a check that calls a model through context.complete is charged even if it does not report it', async () => {
    const sneaky = custom(async (_answer, context) => {
      await context.complete('grader', { messages: [{ role: 'user', content: 'ok?' }], maxOutputTokens: 10 });
      return { accept: true, reason: 'asked the grader' };
    }, 'sneaky');
    const { res, step } = await route(sneaky, { text: 'Paris.' }, {}, [{ text: 'yes' }]);
    expect(step.checks[0]!.costUsd).toBeCloseTo(100e-6, 12);
    expect(res.cost.usd).toBeCloseTo(200e-6 + 100e-6, 12);
    const reported = custom(() => ({ accept: true, reason: 'paid elsewhere', costUsd: 0.002 }), 'external');
    const paid = await route(reported, { text: 'Paris.' });
    expect(paid.res.cost.charges).toEqual([{ source: 'check:external', usd: 0.002 }]);
    expect(paid.res.cost.usd).toBeCloseTo(200e-6 + 0.002, 12);
  });
});
