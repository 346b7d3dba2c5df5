// Vitest setup: load the three provider SDKs before each test file runs, as importing routewise did before the SDKs
// were loaded lazily. A test that times a first call (an abort after 200 ms, a deadline) then times the call, not a
// cold SDK import in a busy worker. The lazy loading itself is tested on the built package (test/package/).
import { anthropicSdk } from '../../src/providers/anthropic/anthropic-sdk.js';
import { googleSdk } from '../../src/providers/google/google-sdk.js';
import { openaiSdk } from '../../src/providers/openai/openai-sdk.js';

await Promise.all([openaiSdk.load(), anthropicSdk.load(), googleSdk.load()]);
