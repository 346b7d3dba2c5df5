// The three scripted providers the cascade and acceptance tests route through: a cheap model, a strong one and a
// judge, each on its own fake provider so a test can see which was called and with what.
import { createRouter, type RouterConfig } from '../../src/index.js';
import { fakeAdapter, type Step } from './fake-adapter.js';

/** USD per million input / output tokens of the three models. */
export const prices = {
  'cheapco:m-cheap': { inputPerMTok: 1, outputPerMTok: 2 },
  'strongco:m-strong': { inputPerMTok: 10, outputPerMTok: 20 },
  'judgeco:m-judge': { inputPerMTok: 0.5, outputPerMTok: 1 },
};

/**
 * A router with aliases cheap, strong and grader, each playing its script; one quick retry unless `config` says
 * otherwise (it adds or overrides). Returns the fakes too, for their calls.
 */
export function cheapStrongJudge(
  scripts: { cheap?: Step[]; strong?: Step[]; judge?: Step[] },
  config: Partial<RouterConfig> = {},
) {
  const cheap = fakeAdapter('cheapco', scripts.cheap ?? []);
  const strong = fakeAdapter('strongco', scripts.strong ?? []);
  const grader = fakeAdapter('judgeco', scripts.judge ?? []);
  const router = createRouter({
    providers: { cheapco: cheap, strongco: strong, judgeco: grader },
    models: {
      cheap: { provider: 'cheapco', model: 'm-cheap' },
      strong: { provider: 'strongco', model: 'm-strong' },
      grader: { provider: 'judgeco', model: 'm-judge' },
    },
    prices,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    ...config,
  });
  return { router, cheap, strong, grader };
}
