// A module resolve hook (registered by openai-only-app.mjs) that appends every resolved URL to a file, so the test
// can tell which packages an app loaded. Hooks run off the main thread on Node 20, hence the file.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, `${result.url}\n`);
  return result;
}
