import { RoutewiseError } from '../../errors.js';

/** Why a recorded call has no record: no row has the call's prompt, or the row has no outcome for the model. */
export type UnrecordedReason = 'prompt' | 'model';

/**
 * A call `recordedProvider` cannot answer from the data: a model or a prompt with no record (a judge's grading
 * prompt, an LLM classifier's). Pass a live provider for such calls (`recordedProvider(data, { live })`, or a real
 * provider for that alias in your router).
 */
export class UnrecordedCallError extends RoutewiseError {
  /** The model the call asked for (the provider model id). */
  readonly model: string;
  /** The start of the call's last user message. */
  readonly prompt: string;
  /** Whether no row has the prompt, or the row has no outcome for the model. */
  readonly reason: UnrecordedReason;
  constructor(details: { model: string; prompt: string; reason: UnrecordedReason; known?: readonly string[] }) {
    const prompt = details.prompt.length > 60 ? `${details.prompt.slice(0, 60)}…` : details.prompt;
    const what =
      details.reason === 'model'
        ? `the data has no outcome of model "${details.model}"` +
          (details.known ? ` (it records ${details.known.join(', ')})` : '')
        : `no recorded row has this prompt, so no outcome of model "${details.model}" either`;
    super(
      `recorded call to "${details.model}" for ${JSON.stringify(prompt)}: ${what}. ` +
        'A check or classifier that calls a model (a judge) needs a live provider: ' +
        'recordedProvider(data, { live: openai() }), or a real provider for that alias in your router',
    );
    this.model = details.model;
    this.prompt = details.prompt;
    this.reason = details.reason;
  }
}
