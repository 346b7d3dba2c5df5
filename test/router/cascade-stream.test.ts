import { describe, expect, it } from 'vitest';
import type {
  AttemptRecord,
  DifficultyClassifier,
  ExperimentConfig,
  PolicyRouteInfo,
  RouterConfig,
  RouterResult,
  RouterStream,
  RouterStreamEvent,
} from '../../src/index.js';
import { BudgetExceededError, cascade, createRouter, custom, fixed, nonEmpty, ProviderError } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import { fakeAdapter, type Step } from './fake-adapter.js';

// USD per million input / output tokens; every fake answer uses 100 input and 50 output tokens.
const prices = {
  'cheapco:m-cheap': { inputPerMTok: 1, outputPerMTok: 2 },
  'strongco:m-strong': { inputPerMTok: 10, outputPerMTok: 20 },
};
const CHEAP = 100e-6 + 100e-6;
const STRONG = 1000e-6 + 1000e-6;
const CLASSIFIER = 0.00005;

/** A classifier with a fixed score that reports its own cost. */
const scoreOf = (score: number): DifficultyClassifier => ({
  name: 'scripted',
  classify: () => ({ score, costUsd: CLASSIFIER }),
});

const tiers = {
  weak: [{ model: 'cheap', accept: nonEmpty() }, { model: 'strong' }],
  strong: [{ model: 'strong' }],
};

function setup(scripts: { cheap?: Step[]; strong?: Step[] }, config: Partial<RouterConfig> = {}) {
  const cheap = fakeAdapter('cheapco', scripts.cheap ?? []);
  const strong = fakeAdapter('strongco', scripts.strong ?? []);
  const router = createRouter({
    providers: { cheapco: cheap, strongco: strong },
    models: {
      cheap: { provider: 'cheapco', model: 'm-cheap' },
      strong: { provider: 'strongco', model: 'm-strong' },
    },
    prices,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    policy: cascade({ classifier: scoreOf(0.2), tiers, thresholds: 0.5 }),
    ...config,
  });
  return { router, cheap, strong };
}

const ask = (content = 'What is 2 + 2?') => ({ messages: [{ role: 'user' as const, content }] });

/** Drains a stream: the events in order, and what `result` resolved to. */
async function drain(stream: RouterStream) {
  const events: RouterStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result };
}

const deltasOf = (events: RouterStreamEvent[]) =>
  events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : []));

/** What an attempt record says about cost and routing, without timings. */
const costView = (attempts: AttemptRecord[]) =>
  attempts.map(({ alias, attempt, status, purpose, step, costUsd, usage }) => ({
    alias,
    attempt,
    status,
    purpose,
    step,
    costUsd,
    usage,
  }));
const routeView = (res: RouterResult) => {
  const { attempts, ...route } = res.route as PolicyRouteInfo;
  return { route, attempts: costView(attempts) };
};

describe('router.stream routed by a policy', () => {
  it('an accepted cheap step (judged on its full answer, not streamed) emits its text, then finish', async () => {
    const { router, cheap, strong } = setup({ cheap: [{ text: 'Four, of course.' }] });
    const { events, result } = await drain(router.stream(ask()));
    expect(events).toEqual([
      { type: 'text-delta', text: 'Four, of course.' },
      { type: 'finish', result },
    ]);
    expect(result.text).toBe('Four, of course.');
    expect(result.alias).toBe('cheap');
    expect(result.route).toMatchObject({ kind: 'policy', tier: 'weak', accepted: true, escalations: 0 });
    expect(result.cost.usd).toBeCloseTo(CLASSIFIER + CHEAP, 12);
    expect(result.cost.charges).toEqual([{ source: 'classifier:scripted', usd: CLASSIFIER }]);
    expect(cheap.calls).toHaveLength(1);
    expect(strong.calls).toHaveLength(0);
  });

  it('a rejected cheap step escalates; the strong step streams live, delta by delta, before finish', async () => {
    const cheap = fakeAdapter('cheapco', [{ text: '' }]);
    const scripted = fakeAdapter('strongco', [{ text: 'The answer is four.' }]);
    // The strong stream holds after its first delta until the caller has seen that delta: proof it is live.
    let seenFirst: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      seenFirst = resolve;
    });
    const strong: ProviderAdapter = {
      ...scripted,
      async *stream(model, request, options) {
        let first = true;
        for await (const event of scripted.stream(model, request, options)) {
          yield event;
          if (event.type === 'text-delta' && first) {
            first = false;
            await gate;
          }
        }
      },
    };
    const router = createRouter({
      providers: { cheapco: cheap, strongco: strong },
      models: { cheap: { provider: 'cheapco', model: 'm-cheap' }, strong: { provider: 'strongco', model: 'm-strong' } },
      prices,
      policy: cascade({ classifier: scoreOf(0.2), tiers, thresholds: 0.5 }),
    });
    const stream = router.stream(ask());
    let settled = false;
    void stream.result.then(() => {
      settled = true;
    });
    const events: RouterStreamEvent[] = [];
    for await (const event of stream) {
      if (events.length === 0) {
        expect(event).toEqual({ type: 'text-delta', text: 'The' });
        expect(settled).toBe(false);
        seenFirst();
      }
      events.push(event);
    }
    expect(deltasOf(events)).toEqual(['The', 'answer', 'is', 'four.']);
    expect(events.slice(0, 4).every((event) => event.type === 'text-delta')).toBe(true);
    expect(events.at(-1)?.type).toBe('finish');
    const result = await stream.result;
    expect(events.at(-1)).toEqual({ type: 'finish', result });
    expect(result.text).toBe('The answer is four.');
    expect(result.alias).toBe('strong');
    const route = result.route as PolicyRouteInfo;
    expect(route.steps.map((step) => step.verdict)).toEqual(['rejected', 'accepted']);
    expect(route.escalations).toBe(1);
    expect(result.cost.usd).toBeCloseTo(CLASSIFIER + CHEAP + STRONG, 12);
    expect(cheap.calls).toHaveLength(1);
    expect(scripted.calls).toHaveLength(1);
  });

  it('records the same costs and route as complete for the same script', async () => {
    const script = () => ({
      cheap: [{ status: 503 }, { text: '' }] as Step[],
      strong: [{ status: 500 }, { text: 'Four, after some thought.' }] as Step[],
    });
    const completed = await setup(script()).router.complete(ask());
    const { events, result: streamed } = await drain(setup(script()).router.stream(ask()));
    expect(deltasOf(events)).toEqual(['Four,', 'after', 'some', 'thought.']);
    expect(streamed.text).toBe(completed.text);
    expect(streamed.cost.usd).toBeCloseTo(completed.cost.usd, 15);
    expect(streamed.cost.usd).toBeCloseTo(CLASSIFIER + CHEAP + STRONG, 12);
    expect(streamed.cost.charges).toEqual(completed.cost.charges);
    expect(costView(streamed.cost.attempts)).toEqual(costView(completed.cost.attempts));
    expect(costView(streamed.cost.attempts).map((a) => [a.alias, a.status, a.purpose, a.step])).toEqual([
      ['cheap', 'error', 'answer', 0],
      ['cheap', 'ok', 'answer', 0],
      ['strong', 'error', 'answer', 1],
      ['strong', 'ok', 'answer', 1],
    ]);
    expect(routeView(streamed)).toEqual(routeView(completed));
  });

  it('a judged answer that is rejected everywhere still ends the stream with the last answer, as complete does', async () => {
    const reject = custom(() => ({ accept: false, reason: 'never good enough' }), 'strict');
    const policy = fixed('cheap', { accept: reject });
    const { router } = setup({ cheap: [{ text: 'Maybe four.' }] }, { policy });
    const { events, result } = await drain(router.stream(ask()));
    expect(deltasOf(events)).toEqual(['Maybe four.']);
    expect(result.route).toMatchObject({ kind: 'policy', accepted: false });
  });

  it('a budget refusal rejects both the iterator and stream.result, with nothing called', async () => {
    const policy = cascade({ classifier: scoreOf(0.9), tiers, thresholds: 0.5, onBudget: 'fail' });
    const { router, cheap, strong } = setup({}, { policy });
    const stream = router.stream({ ...ask(), budget: { maxUsd: 0.0001 } });
    const iterated = (async () => {
      for await (const _ of stream) {
        // nothing arrives
      }
    })();
    await expect(iterated).rejects.toBeInstanceOf(BudgetExceededError);
    const error = await stream.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).limitUsd).toBe(0.0001);
    expect((error as BudgetExceededError).estimate.model).toBe('m-strong');
    expect(cheap.calls).toHaveLength(0);
    expect(strong.calls).toHaveLength(0);
  });

  it('the streamed step retries before its first delta but not after; the error rejects the stream', async () => {
    const { router, strong } = setup(
      { strong: [{ status: 503 }, { status: 503, afterDeltas: ['The', 'ans'] }, { text: 'never sent' }] },
      { policy: cascade({ classifier: scoreOf(0.9), tiers, thresholds: 0.5 }), retry: { retries: 3, baseDelayMs: 1 } },
    );
    const stream = router.stream(ask());
    const seen: string[] = [];
    const iterated = (async () => {
      for await (const event of stream) if (event.type === 'text-delta') seen.push(event.text);
    })();
    await expect(iterated).rejects.toBeInstanceOf(ProviderError);
    await expect(stream.result).rejects.toBeInstanceOf(ProviderError);
    expect(seen).toEqual(['The', 'ans']);
    expect(strong.calls).toHaveLength(2);
  });
});

describe('router.stream routed by an experiment', () => {
  const experiment: ExperimentConfig = {
    name: 'strong-only',
    arms: [{ name: 'strong', weight: 1, policy: fixed('strong') }],
  };

  it("routes the stream by its arm's policy, streams it live and records it in the arm's statistics", async () => {
    const { router, cheap, strong } = setup({ strong: [{ text: 'Four it is.' }] }, { experiments: [experiment] });
    const { events, result } = await drain(router.stream({ ...ask(), requestId: 'req-1' }));
    expect(deltasOf(events)).toEqual(['Four', 'it', 'is.']);
    expect(result.alias).toBe('strong');
    expect(result.experiment).toEqual({ experiment: 'strong-only', arm: 'strong' });
    expect(result.route).toMatchObject({ kind: 'policy', experiment: { name: 'strong-only', arm: 'strong' } });
    expect(result.cost.usd).toBeCloseTo(STRONG, 12);
    expect(cheap.calls).toHaveLength(0);
    expect(strong.calls).toHaveLength(1);
    const report = await router.experimentReport('strong-only');
    const arm = report.arms[0] as (typeof report.arms)[number];
    expect(arm.requests).toBe(1);
    expect(arm.errors).toBe(0);
    expect(arm.cost.totalUsd).toBeCloseTo(STRONG, 12);
    expect(result.cost.attempts.map((attempt) => attempt.experiment)).toEqual([
      { experiment: 'strong-only', arm: 'strong' },
    ]);
    // The streamed request is a recent experiment request: feedback for it is accepted.
    await router.feedback('req-1', { score: 1 });
    expect((await router.experimentReport('strong-only')).arms[0]?.feedback.count).toBe(1);
  });
});
