import { type AcceptanceCheck, defineCheck } from './acceptance-check.js';

/** The system-prompt suffix that asks for the confidence line. */
export const CONFIDENCE_INSTRUCTION =
  'After your answer, on a final line of its own, write "Confidence: X" where X is a number from 0 to 1: ' +
  'how likely your answer is correct and complete.';

const CONFIDENCE_LINE = /\n?[ \t]*\**Confidence\**:\**[ \t]*(\d(?:\.\d+)?|\.\d+)[ \t]*\**[ \t]*$/i;

/** Reads the trailing `Confidence: 0.x` line of a text, if it has one. */
export function parseConfidenceLine(text: string): number | undefined {
  const match = CONFIDENCE_LINE.exec(text.trimEnd());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value >= 0 && value <= 1 ? value : undefined;
}

/** The text without its trailing confidence line. */
export function stripConfidenceLine(text: string): string {
  const trimmed = text.trimEnd();
  return CONFIDENCE_LINE.test(trimmed) ? trimmed.replace(CONFIDENCE_LINE, '').trimEnd() : text;
}

/** Options of `selfReportedConfidence()`. */
export interface SelfReportedConfidenceOptions {
  /** Lowest confidence accepted, in [0, 1]. */
  min: number;
  /** The instruction appended to the system prompt. Default `CONFIDENCE_INSTRUCTION`. */
  instruction?: string;
}

/**
 * Asks the model to end with `Confidence: 0.x` (a system-prompt suffix), accepts when it reports at least `min`,
 * and strips that line from the text the caller gets. No line, or a value outside [0, 1]: rejected.
 * Not for structured output (the line would break the JSON).
 */
export function selfReportedConfidence(options: SelfReportedConfidenceOptions): AcceptanceCheck {
  if (!(options.min >= 0 && options.min <= 1)) throw new RangeError('selfReportedConfidence: min must be in [0, 1]');
  const instruction = options.instruction ?? CONFIDENCE_INSTRUCTION;
  return defineCheck(
    `selfReportedConfidence(${options.min})`,
    (answer) => {
      const confidence = parseConfidenceLine(answer.originalText);
      if (confidence === undefined) return { accept: false, reason: 'the answer has no "Confidence: 0.x" line' };
      const verdict = confidence >= options.min ? '≥' : '<';
      return {
        accept: confidence >= options.min,
        confidence,
        reason: `self-reported confidence ${confidence} ${verdict} ${options.min}`,
      };
    },
    {
      prepareRequest: (request) => ({
        ...request,
        system: request.system ? `${request.system}\n\n${instruction}` : instruction,
      }),
      rewriteText: stripConfidenceLine,
    },
  );
}
