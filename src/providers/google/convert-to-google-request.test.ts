import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import { convertToGoogleRequest } from './convert-to-google-request.js';

const base: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 100 };

describe('convertToGoogleRequest', () => {
  it('always turns automatic continuation off and sets nothing it was not asked for', () => {
    const { config, contents, warnings } = convertToGoogleRequest(base);
    expect(config).toEqual({ automaticContinuation: false, maxOutputTokens: 100 });
    expect(contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    expect(warnings).toEqual([]);
  });

  it('keeps thoughts + answer within the cap, and the answer at least its floor, for every budget', () => {
    for (const [cap, budget] of [
      [300, 1],
      [1000, 50],
      [1000, 744],
      [1000, 10_000],
      [4096, 8192],
      [8192, 24576],
    ] as const) {
      const { config } = convertToGoogleRequest({ ...base, maxOutputTokens: cap, reasoning: { budgetTokens: budget } });
      const thinking = config.thinkingConfig?.thinkingBudget as number;
      expect(thinking).toBeGreaterThan(0);
      expect(config.maxOutputTokens).toBeGreaterThanOrEqual(Math.min(cap, Math.max(256, cap / 4)));
      expect(thinking + (config.maxOutputTokens as number)).toBeLessThanOrEqual(cap);
    }
  });

  it('effort medium under the default 4096 cap leaves the answer 1024 tokens, not 1 (with a warning)', () => {
    const { config, warnings } = convertToGoogleRequest({
      ...base,
      maxOutputTokens: 4096,
      reasoning: { effort: 'medium' },
    });
    expect(config).toMatchObject({ maxOutputTokens: 1024, thinkingConfig: { thinkingBudget: 3072 } });
    expect(warnings).toEqual([
      'thinking budget effort medium (8192 tokens) lowered to 3072 so the answer keeps at least 1024 of maxOutputTokens 4096',
    ]);
    const high = convertToGoogleRequest({ ...base, maxOutputTokens: 4096, reasoning: { effort: 'high' } });
    expect(high.config).toMatchObject({ maxOutputTokens: 1024, thinkingConfig: { thinkingBudget: 3072 } });
  });

  it('a cap with no room above the answer floor is refused, never sent with only a warning', () => {
    for (const maxOutputTokens of [1, 256]) {
      const error = (() => {
        try {
          convertToGoogleRequest({ ...base, maxOutputTokens, reasoning: { effort: 'high' } });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).issues[0]).toMatchObject({ path: 'reasoning' });
      expect((error as Error).message).toMatch(/raise maxOutputTokens to 257 or more/);
    }
  });

  it('effort none or budget 0 turns thinking off and gives the whole cap to the answer', () => {
    const { config } = convertToGoogleRequest({ ...base, maxOutputTokens: 1, reasoning: { effort: 'none' } });
    expect(config).toMatchObject({ maxOutputTokens: 1, thinkingConfig: { thinkingBudget: 0 } });
  });

  it('turns a data: URL into inlineData', () => {
    const { contents } = convertToGoogleRequest({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/gif;base64,R0lGODlh' }] }],
    });
    expect(contents[0]?.parts).toEqual([{ inlineData: { mimeType: 'image/gif', data: 'R0lGODlh' } }]);
  });

  it('sends five stop sequences and refuses more (dropping some would change where the answer stops)', () => {
    const { config, warnings } = convertToGoogleRequest({ ...base, stop: ['a', 'b', 'c', 'd', 'e'] });
    expect(config.stopSequences).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(warnings).toEqual([]);
    expect(() => convertToGoogleRequest({ ...base, stop: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })).toThrow(
      /stop: Gemini accepts at most 5 stop sequences; got 7/,
    );
  });

  it('warns when a tool result names no tool and answers no known call', () => {
    const { contents, warnings } = convertToGoogleRequest({
      ...base,
      messages: [{ role: 'tool', toolCallId: 'orphan', content: '[1,2]' }],
    });
    expect(contents).toEqual([
      { role: 'user', parts: [{ functionResponse: { id: 'orphan', name: 'orphan', response: { output: [1, 2] } } }] },
    ]);
    expect(warnings[0]).toMatch(/orphan.*no toolName/);
  });

  it('warns when toolChoice requires a tool but there are no tools', () => {
    const { config, warnings } = convertToGoogleRequest({ ...base, toolChoice: 'required' });
    expect(config.toolConfig).toBeUndefined();
    expect(warnings).toEqual(['toolChoice was ignored: the request has no tools']);
  });

  it('merges adjacent turns of the same role and skips empty text', () => {
    const { contents } = convertToGoogleRequest({
      ...base,
      messages: [
        { role: 'user', content: 'one' },
        { role: 'system', content: 'hoisted' },
        { role: 'user', content: 'two' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: [{ type: 'text', text: 'three' }] },
      ],
    });
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'three' }] },
    ]);
  });
});
