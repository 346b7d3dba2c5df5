// `routewise/ai-sdk`: the Vercel AI SDK language model over a routewise router. A separate entry, so the main
// `routewise` import never loads `@ai-sdk/provider`.

export type { RoutewiseCallOptions } from './routewise-call-options.js';
export type { RouterLike } from './routewise-language-model.js';
export { RoutewiseAbortError, routewiseErrorOf } from './map-routewise-error.js';
export { routewiseModel } from './routewise-model.js';
export type { RoutewiseModelOptions } from './routewise-model-options.js';
