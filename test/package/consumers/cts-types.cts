// Type-checked only (never run): the CommonJS declarations (`index.d.cts`) as a `require` consumer sees them.
import routewise = require('routewise');
import aiSdk = require('routewise/ai-sdk');

const request: routewise.RouterRequest = { model: 'mini', messages: [{ role: 'user', content: 'hi' }] };
export const build = (): routewise.Router =>
  routewise.createRouter({
    providers: { openai: routewise.openai({ apiKey: 'sk-types' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  });
export const ask = (router: routewise.Router): Promise<routewise.RouterResult> => router.complete(request);
export const model = (router: routewise.Router) => aiSdk.routewiseModel(router, { model: 'mini' }).modelId;
