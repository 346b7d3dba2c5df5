import { importSdk } from '../shared/import-sdk.js';
import { type LazySdk, lazySdk } from '../shared/lazy-sdk.js';

/** The parts of `@google/genai` the Google adapter uses at run time. */
export interface GoogleSdk {
  /** The client class. */
  GoogleGenAI: typeof import('@google/genai').GoogleGenAI;
}

/** `@google/genai` (with google-auth-library and ws), loaded when `google()` first runs. */
export const googleSdk: LazySdk<GoogleSdk> = lazySdk('@google/genai', async () => {
  const { GoogleGenAI } = await importSdk<typeof import('@google/genai')>('@google/genai');
  return { GoogleGenAI };
});
