// The CommonJS twin of openai-only-app.mjs: after `require('routewise')` and a call through openai(), which
// packages are in require.cache, right after the require and at the end? Prints one JSON line.
const { createRouter, openai } = require('routewise');
const atImport = Object.keys(require.cache);

async function main() {
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-package-test', baseURL: `${process.env.FAKE_OPENAI_URL}/cold/ok/v1` }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  });
  const res = await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'Say hello.' }] });
  console.log(JSON.stringify({ text: res.text, atImport, loaded: Object.keys(require.cache) }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
